-- mod_naering demo content: the web site of Knutepunkt Sørlandet.
--
-- Run once, on a freshly migrated database, inside one transaction:
--     naering-admin sql DB sql/demo.sql
-- Ids are explicit so the result is deterministic.  Migration 1 created the
-- front page (page 1, revision 1); this script gives it revision 2 and adds
--
--   page  path                                  revision  position
--   2     /naeringsnettverket                   3         2
--   3     /om-knutepunkt-sorlandet              4         1
--   4     /samferdsel                           5         3
--   5     /helse-og-omsorg                      6         4
--   6     /kontakt-oss                          7         5
--   7     /om-knutepunkt-sorlandet/styret       8         1
--   8     /tilgjengelighet                      9         9
--   9     /aktuelt  (news listing)              10        6
--   10-12 /aktuelt/...  (news items)            11-13
--   13    /moter  (meeting listing)             14        7
--   14-17 /moter/...  (two held, two coming)    15-18
--
-- Documents (sql/demo/strategisk-naeringsplan.pdf) are attached by the tool,
-- not here.  Times are Unix seconds; the network page keeps the date of the
-- original page (2015-04-16), everything else is stamped "now".

-- Front page -------------------------------------------------------------

INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, contact_name, contact_email, contact_phone)
VALUES (2, 1, CAST(strftime('%s', 'now') AS INTEGER), 'redaktor',
        'Demoinnhold: ny forside',
        'Knutepunkt Sørlandet',
        'Knutepunkt Sørlandet er samarbeidet mellom kommunene i Kristiansandsregionen om næring, samferdsel, helse og andre felles oppgaver.',
'<p>Velkommen til Knutepunkt Sørlandet! Her samarbeider kommunene Birkenes, Iveland, Kristiansand, Lillesand, Songdalen, Søgne og Vennesla om oppgaver som går på tvers av kommunegrensene. Sammen er vi en region med om lag 140 000 innbyggere, og vi står sterkere når vi planlegger og handler i fellesskap.</p>
<p>Samarbeidet omfatter blant annet:</p>
<ul>
<li><a href="/naeringsnettverket">Næringsnettverket</a>, som følger opp den felles strategiske næringsplanen for Kristiansandsregionen</li>
<li><a href="/samferdsel">Samferdsel</a>, med felles areal- og transportplanlegging</li>
<li><a href="/helse-og-omsorg">Helse og omsorg</a>, med interkommunale tjenester og samhandling med spesialisthelsetjenesten</li>
</ul>
<p>Les mer <a href="/om-knutepunkt-sorlandet">om Knutepunkt Sørlandet</a> og <a href="/om-knutepunkt-sorlandet/styret">styret</a>, eller <a href="/kontakt-oss">kontakt oss</a> om du har spørsmål.</p>',
        '', '', '');
UPDATE page SET revision_id = 2 WHERE id = 1;

-- Næringsnettverket (the text of the original page) ----------------------

INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at)
VALUES (2, 1, 'naeringsnettverket', '/naeringsnettverket', 2, 'published',
        NULL, 1429176600);                      -- 2015-04-16 09:30 UTC
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, contact_name, contact_email, contact_phone)
VALUES (3, 2, 1429176600, 'redaktor', 'Opprettet',
        'Næringsnettverket',
        'Næringsnettverket samordner kommunenes innsats på næringsområdet og følger opp den felles strategiske næringsplanen for Kristiansandsregionen.',
'<p>Næringsnettverket er etablert for at kommunene i Knutepunkt Sørlandet skal ha en god samordnet innsats på næringsområdet.</p>
<p>Kommunene i Knutepunkt Sørlandet har vedtatt en felles Strategisk næringsplan for Kristiansandsregionen og oppfølgende handlingsplaner for hver kommune. Næringsnettverket i Knutepunkt Sørlandet får en viktig rolle i oppfølging av aktiviteter og tiltak i næringsplanen.</p>
<p>Lukas Wedemeyer fra Kristiansand kommune er leder av Næringsnettverket fra 16.04.15. Øvrige deltakere er næringssjefer/næringsrådgivere fra alle kommunene i Knutepunkt Sørlandet.</p>
<p>Kontakt: <a href="mailto:lukas.wedemeyer@kristiansand.kommune.no">lukas.wedemeyer@kristiansand.kommune.no</a></p>
<h2>Utviklingsprogram for byregioner</h2>
<p>Kommunene i Knutepunkt Sørlandet deltar i Kommunal- og moderniseringsdepartementets (KMD) utviklingsprogram for byregioner. Programmets formål er å bidra til økt kunnskap om samspill mellom by og omland, og styrke regional vekstkraft med sikte på utvikling i regionen som helhet.</p>
<p>Gjennom prosjektet har det blitt utviklet, forankret og vedtatt en felles Strategisk næringsplan for Kristiansandsregionen og oppfølgende handlingsplaner for hver kommune. Prosjektdeltakelsen var også grunnlag for omfattende forankringsarbeid i kommunene og blant regionens øvrige næringsaktører. Dette har ført til sterk eierskap til planen hos bidragsyterne og har på denne måten bidratt til å styrke næringssamarbeidet i Kristiansandsregionen.</p>
<p>I februar 2015 lyste KMD ut inntil 91,5 millioner kroner til fase 2 av utviklingsprogrammet for byregioner for perioden 2015-2017. Formålet med fase 2 er at deltakerne skal komme fram til og iverksette lokalt forankrete strategier og tiltak innenfor et tema/samfunnsområde med utgangspunkt i det økonomiske samspillet mellom byen og omlandet for å fremme økonomisk vekst i regionen.</p>
<p>Knutepunktets kommuner har fått innvilget støtte til implementering av strategisk næringsplan og fellestiltak i handlingsplanene. Disse ble utarbeidet på bakgrunn av tema som skal fremme det økonomiske samspillet og veksten i regionen. Det vil legges vekt på næringssamarbeidet mellom kommunene, samt samarbeidet med regionens øvrige næringsaktører.</p>',
        'Lukas Wedemeyer', 'lukas.wedemeyer@kristiansand.kommune.no', '');
UPDATE page SET revision_id = 3 WHERE id = 2;

-- Om Knutepunkt Sørlandet --------------------------------------------------

INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at)
VALUES (3, 1, 'om-knutepunkt-sorlandet', '/om-knutepunkt-sorlandet', 1,
        'published', NULL, CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, contact_name, contact_email, contact_phone)
VALUES (4, 3, CAST(strftime('%s', 'now') AS INTEGER), 'redaktor', 'Opprettet',
        'Om Knutepunkt Sørlandet',
        'Knutepunkt Sørlandet er et formalisert samarbeid mellom sju kommuner i Kristiansandsregionen.',
'<p>Knutepunkt Sørlandet er et regionråd der kommunene Birkenes, Iveland, Kristiansand, Lillesand, Songdalen, Søgne og Vennesla samarbeider om å utvikle regionen og gi innbyggerne gode tjenester. Samarbeidet bygger på en samarbeidsavtale vedtatt i alle kommunestyrene.</p>
<h2>Formål</h2>
<p>Knutepunkt Sørlandet skal styrke Kristiansandsregionen som en attraktiv region å bo, arbeide og drive næring i. Kommunene samordner planlegging og interessepolitikk overfor regionale og nasjonale myndigheter, og løser oppgaver i fellesskap der det gir bedre eller rimeligere tjenester.</p>
<h2>Organisering</h2>
<ul>
<li><strong>Styret</strong> består av ordførerne i de sju kommunene og er samarbeidets øverste organ mellom representantskapsmøtene.</li>
<li><strong>Rådmannsgruppen</strong> forbereder saker til styret og følger opp vedtakene.</li>
<li><strong>Faglige nettverk</strong> innen blant annet næring, samferdsel og helse arbeider med konkrete tiltak.</li>
<li><strong>Sekretariatet</strong> er lagt til Kristiansand kommune.</li>
</ul>
<p>Les mer om <a href="/om-knutepunkt-sorlandet/styret">styret</a> og om <a href="/naeringsnettverket">Næringsnettverket</a>.</p>',
        'Sekretariatet', 'post@knutepunkt-sorlandet.no', '');
UPDATE page SET revision_id = 4 WHERE id = 3;

-- Samferdsel ---------------------------------------------------------------

INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at)
VALUES (4, 1, 'samferdsel', '/samferdsel', 3, 'published', NULL,
        CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, contact_name, contact_email, contact_phone)
VALUES (5, 4, CAST(strftime('%s', 'now') AS INTEGER), 'redaktor', 'Opprettet',
        'Samferdsel',
        'Kommunene i Knutepunkt Sørlandet samarbeider om areal- og transportplanlegging og et godt transporttilbud i hele regionen.',
'<p>Et godt og effektivt transportsystem er avgjørende for bosetting, arbeidsmarked og næringsliv i Kristiansandsregionen. Mange innbyggere bor i én kommune og arbeider i en annen, og kommunene har derfor felles interesse av gode veier, et attraktivt kollektivtilbud og trygge løsninger for gående og syklende.</p>
<h2>Areal- og transportplan</h2>
<p>Gjennom ATP-samarbeidet arbeider kommunene sammen med Vest-Agder fylkeskommune og Statens vegvesen for å samordne utbyggingsmønster og transportløsninger. Målet er at veksten i persontrafikken skal tas med kollektivtransport, sykkel og gange.</p>
<h2>Prioriterte saker</h2>
<ul>
<li>Videre utbygging av E18 og E39 gjennom regionen</li>
<li>Et bedre kollektivtilbud mellom kommunesentrene og Kristiansand sentrum</li>
<li>Sammenhengende sykkelveinett i byområdet</li>
<li>Bedre tilbud på Sørlandsbanen og god tilgjengelighet til Kristiansand lufthavn Kjevik</li>
</ul>
<p>Knutepunkt Sørlandet gir felles innspill til Nasjonal transportplan og regionale planer, slik at regionen taler med én stemme i samferdselsspørsmål.</p>',
        'Samferdselsnettverket', 'post@knutepunkt-sorlandet.no', '');
UPDATE page SET revision_id = 5 WHERE id = 4;

-- Helse og omsorg ----------------------------------------------------------

INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at)
VALUES (5, 1, 'helse-og-omsorg', '/helse-og-omsorg', 4, 'published', NULL,
        CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, contact_name, contact_email, contact_phone)
VALUES (6, 5, CAST(strftime('%s', 'now') AS INTEGER), 'redaktor', 'Opprettet',
        'Helse og omsorg',
        'Kommunene samarbeider om interkommunale helsetjenester og om samhandling med Sørlandet sykehus.',
'<p>Samhandlingsreformen har gitt kommunene flere oppgaver innen helse og omsorg. Kommunene i Knutepunkt Sørlandet løser mange av disse oppgavene i fellesskap, slik at innbyggerne får gode og likeverdige tjenester uansett hvor i regionen de bor.</p>
<h2>Interkommunale tjenester</h2>
<ul>
<li><strong>Legevakt:</strong> felles legevakt for kommunene i regionen, åpen hele døgnet.</li>
<li><strong>Øyeblikkelig hjelp døgnopphold:</strong> kommunale akuttplasser for pasienter som ikke trenger sykehusinnleggelse.</li>
<li><strong>Kompetanseutvikling:</strong> felles opplæring og fagnettverk for ansatte i helse- og omsorgstjenestene.</li>
</ul>
<h2>Samhandling med spesialisthelsetjenesten</h2>
<p>Kommunene har inngått samarbeidsavtaler med Sørlandet sykehus HF. Avtalene beskriver ansvarsdeling og rutiner for innleggelse, utskrivning og oppfølging, slik at pasientene får et helhetlig og sammenhengende tilbud.</p>',
        'Helsenettverket', 'post@knutepunkt-sorlandet.no', '');
UPDATE page SET revision_id = 6 WHERE id = 5;

-- Kontakt oss --------------------------------------------------------------

INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at)
VALUES (6, 1, 'kontakt-oss', '/kontakt-oss', 5, 'published', NULL,
        CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, contact_name, contact_email, contact_phone)
VALUES (7, 6, CAST(strftime('%s', 'now') AS INTEGER), 'redaktor', 'Opprettet',
        'Kontakt oss',
        'Slik kommer du i kontakt med sekretariatet og nettverkene i Knutepunkt Sørlandet.',
'<p>Sekretariatet for Knutepunkt Sørlandet er lagt til Kristiansand kommune. Spørsmål om samarbeidet kan sendes til <a href="mailto:post@knutepunkt-sorlandet.no">post@knutepunkt-sorlandet.no</a>.</p>
<table>
<thead>
<tr><th>Område</th><th>Kontakt</th></tr>
</thead>
<tbody>
<tr><td>Generelle henvendelser</td><td><a href="mailto:post@knutepunkt-sorlandet.no">post@knutepunkt-sorlandet.no</a></td></tr>
<tr><td>Næring</td><td><a href="/naeringsnettverket">Næringsnettverket</a></td></tr>
<tr><td>Samferdsel</td><td><a href="/samferdsel">Samferdselsnettverket</a></td></tr>
<tr><td>Helse og omsorg</td><td><a href="/helse-og-omsorg">Helsenettverket</a></td></tr>
</tbody>
</table>
<p>Henvendelser som gjelder tjenester i den enkelte kommune, rettes direkte til kommunens servicetorg.</p>',
        'Sekretariatet', 'post@knutepunkt-sorlandet.no', '');
UPDATE page SET revision_id = 7 WHERE id = 6;

-- Om Knutepunkt Sørlandet / Styret -----------------------------------------

INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at)
VALUES (7, 3, 'styret', '/om-knutepunkt-sorlandet/styret', 1, 'published',
        NULL, CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, contact_name, contact_email, contact_phone)
VALUES (8, 7, CAST(strftime('%s', 'now') AS INTEGER), 'redaktor', 'Opprettet',
        'Styret',
        'Styret i Knutepunkt Sørlandet består av ordførerne i de sju samarbeidskommunene.',
'<p>Styret leder arbeidet i Knutepunkt Sørlandet mellom møtene i representantskapet. Styret består av ordførerne i samarbeidskommunene, og rådmennene møter med tale- og forslagsrett.</p>
<table>
<thead>
<tr><th>Kommune</th><th>Representant</th></tr>
</thead>
<tbody>
<tr><td>Birkenes</td><td>Ordfører</td></tr>
<tr><td>Iveland</td><td>Ordfører</td></tr>
<tr><td>Kristiansand</td><td>Ordfører</td></tr>
<tr><td>Lillesand</td><td>Ordfører</td></tr>
<tr><td>Songdalen</td><td>Ordfører</td></tr>
<tr><td>Søgne</td><td>Ordfører</td></tr>
<tr><td>Vennesla</td><td>Ordfører</td></tr>
</tbody>
</table>
<h2>Møter</h2>
<p>Styret møtes normalt fire til seks ganger i året. Sakspapirer og protokoller kan fås ved henvendelse til sekretariatet.</p>',
        'Sekretariatet', 'post@knutepunkt-sorlandet.no', '');
UPDATE page SET revision_id = 8 WHERE id = 7;

-- The accessibility statement (tilgjengelighetserklæring) that Norwegian
-- public-sector sites must have; every page's footer links to it, and it
-- is not in the menus.
INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at, in_menu)
VALUES (8, 1, 'tilgjengelighet', '/tilgjengelighet', 9, 'published',
        NULL, CAST(strftime('%s', 'now') AS INTEGER), 0);
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, contact_name, contact_email, contact_phone)
VALUES (9, 8, CAST(strftime('%s', 'now') AS INTEGER), 'redaktor', 'Opprettet',
        'Tilgjengelighetserklæring',
        'Slik arbeider Knutepunkt Sørlandet for at nettstedet skal kunne brukes av alle, og slik gir du oss tilbakemelding.',
'<p>Knutepunkt Sørlandet skal ha et nettsted som alle kan bruke, også med skjermleser, forstørrelse, tastatur eller mobil. Nettstedet skal oppfylle kravene i forskrift om universell utforming av IKT-løsninger, som bygger på WCAG 2.1 nivå AA.</p>
<h2>Status</h2>
<p>Sidene er laget med tydelige overskrifter, en lenke for å hoppe til hovedinnholdet, meny og søk som kan brukes med tastatur, og farger med god kontrast. Sidene testes automatisk med verktøyet axe for brudd på WCAG 2.1 A og AA.</p>
<p>Dokumenter som er lastet opp (for eksempel PDF-filer fra møter) kan være mindre tilgjengelige enn sidene. Trenger du innholdet i et annet format, kan du kontakte oss.</p>
<h2>Tilbakemelding</h2>
<p>Opplever du at noe på nettstedet er vanskelig å bruke, vil vi gjerne høre det. Skriv til <a href="mailto:post@knutepunkt-sorlandet.no">post@knutepunkt-sorlandet.no</a>, så svarer vi så snart vi kan.</p>
<p>Du kan også melde fra til Tilsynet for universell utforming av ikt hos Digitaliseringsdirektoratet (<a href="https://www.uutilsynet.no/">uutilsynet.no</a>).</p>',
        'Sekretariatet', 'post@knutepunkt-sorlandet.no', '');
UPDATE page SET revision_id = 9 WHERE id = 8;

-- Aktuelt: a listing of news and three items (migration 13).  Their dates
-- are relative to when the demo is made, so it always has recent news. --

INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at, kind)
VALUES (9, 1, 'aktuelt', '/aktuelt', 6, 'published', NULL,
        CAST(strftime('%s', 'now') AS INTEGER), 'news-list');
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body)
VALUES (10, 9, CAST(strftime('%s', 'now') AS INTEGER), 'redaktor', 'Opprettet',
        'Aktuelt', 'Nyheter fra samarbeidet i Knutepunkt Sørlandet.',
        '<p>Her finner du nyheter fra Knutepunkt Sørlandet. Abonner på nyhetene med Atom-strømmen nederst i listen.</p>');
UPDATE page SET revision_id = 10 WHERE id = 9;

INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at, kind, in_menu)
VALUES (10, 9, 'felles-horingsuttalelse-om-transportplanen',
        '/aktuelt/felles-horingsuttalelse-om-transportplanen', 1, 'published',
        NULL, CAST(strftime('%s', 'now', '-3 days') AS INTEGER), 'news', 0),
       (11, 9, 'naeringsplanen-er-fulgt-opp',
        '/aktuelt/naeringsplanen-er-fulgt-opp', 2, 'published', NULL,
        CAST(strftime('%s', 'now', '-20 days') AS INTEGER), 'news', 0),
       (12, 9, 'nytt-nettsted', '/aktuelt/nytt-nettsted', 3, 'published',
        NULL, CAST(strftime('%s', 'now', '-45 days') AS INTEGER), 'news', 0);
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, starts_at)
VALUES (11, 10, CAST(strftime('%s', 'now', '-3 days') AS INTEGER), 'redaktor',
        'Opprettet', 'Felles høringsuttalelse om transportplanen',
        'Regionrådet har sendt en felles uttalelse om regional transportplan på vegne av alle kommunene.',
        '<p>Regionrådet vedtok i sitt siste møte en felles høringsuttalelse om regional transportplan. Uttalelsen legger vekt på bedre kollektivtilbud mellom kommunesentrene og trygg skolevei.</p><p>Les protokollen fra møtet under <a href="/moter">Møter</a>.</p>',
        CAST(strftime('%s', 'now', '-3 days') AS INTEGER)),
       (12, 11, CAST(strftime('%s', 'now', '-20 days') AS INTEGER), 'redaktor',
        'Opprettet', 'Næringsplanen er fulgt opp',
        'Næringsnettverket har gjort opp status for tiltakene i den strategiske næringsplanen.',
        '<p>Næringsnettverket har gått gjennom tiltakene i handlingsplanene. De fleste er gjennomført eller i gang. Les mer om <a href="/naeringsnettverket">Næringsnettverket</a>.</p>',
        CAST(strftime('%s', 'now', '-20 days') AS INTEGER)),
       (13, 12, CAST(strftime('%s', 'now', '-45 days') AS INTEGER), 'redaktor',
        'Opprettet', 'Nytt nettsted for Knutepunkt Sørlandet',
        'Nettstedet er fornyet, med nyheter, møter og sakspapirer på ett sted.',
        '<p>Knutepunkt Sørlandet har fått nytt nettsted. Her finner du nyheter, møtene i Regionrådet med innkallinger, sakslister og protokoller, og hvem du kan kontakte.</p>',
        CAST(strftime('%s', 'now', '-45 days') AS INTEGER));
UPDATE page SET revision_id = id + 1 WHERE id IN (10, 11, 12);

-- Møter: the council's meetings, two held and two coming; their papers
-- (sql/demo/innkalling.pdf, saksliste.pdf, protokoll.pdf) are attached by
-- scripts/demo-db.  Meetings start at 08:00 UTC (09:00 in winter). --------

INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at, kind)
VALUES (13, 1, 'moter', '/moter', 7, 'published', NULL,
        CAST(strftime('%s', 'now') AS INTEGER), 'meeting-list');
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body)
VALUES (14, 13, CAST(strftime('%s', 'now') AS INTEGER), 'redaktor', 'Opprettet',
        'Møter', 'Møtene i Regionrådet, med innkalling, saksliste og protokoll.',
        '<p>Møtene i Regionrådet er åpne for alle (kommuneloven § 11-5). Innkalling og saksliste legges ut før møtet, protokollen etter. Legg møtene i kalenderen din med iCalendar-lenken under listen.</p>');
UPDATE page SET revision_id = 14 WHERE id = 13;

INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at, kind, in_menu)
VALUES (14, 13, 'regionradet-forrige-maned', '/moter/regionradet-forrige-maned',
        1, 'published', NULL, CAST(strftime('%s', 'now', '-40 days') AS INTEGER),
        'meeting', 0),
       (15, 13, 'regionradet-for-tre-maneder-siden',
        '/moter/regionradet-for-tre-maneder-siden', 2, 'published', NULL,
        CAST(strftime('%s', 'now', '-100 days') AS INTEGER), 'meeting', 0),
       (16, 13, 'regionradet-neste-maned', '/moter/regionradet-neste-maned', 3,
        'published', NULL, CAST(strftime('%s', 'now', '-5 days') AS INTEGER),
        'meeting', 0),
       (17, 13, 'regionradet-om-tre-maneder',
        '/moter/regionradet-om-tre-maneder', 4, 'published', NULL,
        CAST(strftime('%s', 'now', '-5 days') AS INTEGER), 'meeting', 0);
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, starts_at, ends_at, place, event_status)
VALUES (15, 14, CAST(strftime('%s', 'now', '-3 days') AS INTEGER), 'redaktor',
        'Protokoll lagt ut', 'Regionrådet: møte forrige måned',
        'Felles høringsuttalelse om regional transportplan.',
        '<p>Regionrådet behandlet blant annet en felles høringsuttalelse om regional transportplan. Protokollen ligger under.</p>',
        CAST(strftime('%s', date('now', '-30 days'), '+8 hours') AS INTEGER),
        CAST(strftime('%s', date('now', '-30 days'), '+11 hours') AS INTEGER),
        'Kristiansand rådhus, bystyresalen', 'held'),
       (16, 15, CAST(strftime('%s', 'now', '-80 days') AS INTEGER), 'redaktor',
        'Protokoll lagt ut', 'Regionrådet: møte for tre måneder siden',
        'Oppfølging av strategisk næringsplan.',
        '<p>Regionrådet fikk en orientering om oppfølgingen av den strategiske næringsplanen.</p>',
        CAST(strftime('%s', date('now', '-90 days'), '+8 hours') AS INTEGER),
        CAST(strftime('%s', date('now', '-90 days'), '+11 hours') AS INTEGER),
        'Lillesand rådhus', 'held'),
       (17, 16, CAST(strftime('%s', 'now', '-5 days') AS INTEGER), 'redaktor',
        'Innkalling lagt ut', 'Regionrådet: møte neste måned',
        'Helse, næring og regional planlegging. Møtet er åpent.',
        '<p>Innkalling og saksliste ligger under. Møtet er åpent for alle.</p>',
        CAST(strftime('%s', date('now', '+30 days'), '+8 hours') AS INTEGER),
        CAST(strftime('%s', date('now', '+30 days'), '+11 hours') AS INTEGER),
        'Vennesla kulturhus', 'planned'),
       (18, 17, CAST(strftime('%s', 'now', '-5 days') AS INTEGER), 'redaktor',
        'Opprettet', 'Regionrådet: møte om tre måneder',
        'Budsjett for samarbeidet neste år.',
        '<p>Innkalling og saksliste kommer senest en uke før møtet.</p>',
        CAST(strftime('%s', date('now', '+90 days'), '+8 hours') AS INTEGER),
        CAST(strftime('%s', date('now', '+90 days'), '+11 hours') AS INTEGER),
        'Birkeland, Birkenes rådhus', 'planned');
UPDATE page SET revision_id = id + 1 WHERE id IN (14, 15, 16, 17);

-- "Om Knutepunkt Sørlandet" in English, for businesses from abroad:
-- linked as its translation (each has hreflang to the other and a
-- language switch), not in the menus.
INSERT INTO page (id, parent_id, slug, path, position, status, revision_id,
                  created_at, in_menu)
VALUES (18, 1, 'english', '/english', 20, 'published', NULL,
        CAST(strftime('%s', 'now') AS INTEGER), 0);
INSERT INTO revision (id, page_id, created_at, author, comment, title, summary,
                      body, lang)
VALUES (19, 18, CAST(strftime('%s', 'now') AS INTEGER), 'redaktor',
        'Opprettet', 'About Knutepunkt Sørlandet',
        'A cooperation of the municipalities of the region on business development, transport, health and planning.',
        '<p>Knutepunkt Sørlandet is a cooperation of the municipalities around Kristiansand. Together they work on business development, transport, health care and regional planning.</p>
<p>Most of this site is in Norwegian. For questions in English, write to <a href="mailto:post@knutepunkt-sorlandet.no">post@knutepunkt-sorlandet.no</a>.</p>',
        'en');
UPDATE page SET revision_id = 19 WHERE id = 18;
INSERT INTO translation (page_id, grp) VALUES (3, 1), (18, 1);

-- What every page's footer says (the site's details, editable in the
-- editor under "Nettstedsinformasjon").
INSERT INTO site_revision (created_at, author, organisation, about, email,
                           statement)
VALUES (CAST(strftime('%s', 'now') AS INTEGER), 'redaktor',
        'Knutepunkt Sørlandet', 'Et samarbeid mellom kommunene i regionen.',
        'post@knutepunkt-sorlandet.no', '/tilgjengelighet');

-- The meetings above were held or called before the site "went live":
-- the first tick has nothing to tell the caches about them.
UPDATE setting SET value = CAST(strftime('%s', 'now') AS INTEGER)
 WHERE key = 'tick_at';

-- The generation is bumped by naering-admin when it commits the script.
