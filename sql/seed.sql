-- What "naering-admin init" puts in a new site (not with --bare): the
-- accessibility statement that every page's footer links to, with the
-- headings the statement must have (Digdir's model, after EU 2018/1523),
-- published but out of the menus, and footer details that name no one
-- in particular.  Migration 1 made the front page.  No ids are given, so
-- that it suits any site; author 'naering' marks rows nobody has edited
-- ("naering-admin import" still counts such a site as empty).

INSERT INTO page (parent_id, slug, path, position, in_menu, created_at)
VALUES (1, 'tilgjengelighet', '/tilgjengelighet',
        (SELECT coalesce(max(position), 0) + 1 FROM page WHERE parent_id = 1),
        0, CAST(strftime('%s', 'now') AS INTEGER));

INSERT INTO revision (page_id, created_at, author, comment, title, summary,
                      body)
VALUES ((SELECT id FROM page
          WHERE path = '/tilgjengelighet' AND deleted_at IS NULL),
        CAST(strftime('%s', 'now') AS INTEGER), 'naering',
        'Laget av naering-admin init: fyll inn',
        'Tilgjengelighetserklæring',
        'Hvordan nettstedet oppfyller kravene til universell utforming, og hvor du melder fra om det som ikke virker.',
'<p>Offentlige virksomheter skal ha en tilgjengelighetserklæring for nettstedene sine (forskrift om universell utforming av IKT-løsninger). Erklæringen lages i Digdirs løsning på uustatus.no. Skriv inn det viktigste her, og lenk til erklæringen der.</p>
<h2>Samsvarsstatus</h2>
<p>[Fyll inn: om nettstedet oppfyller kravene helt, delvis eller ikke.]</p>
<h2>Innhold som ikke er universelt utformet</h2>
<p>[Fyll inn: hva som ikke oppfyller kravene, hvorfor, og hva som finnes i stedet.]</p>
<h2>Utarbeidelse av erklæringen</h2>
<p>[Fyll inn: når erklæringen ble laget og sist oppdatert, og hvordan nettstedet ble vurdert.]</p>
<h2>Tilbakemelding og kontakt</h2>
<p>[Fyll inn: hvordan du melder fra om feil og mangler, og hvem som svarer.]</p>
<h2>Håndheving</h2>
<p>Tilsynet for universell utforming av IKT (Digdir) fører tilsyn med at kravene følges. Får du ikke svar, eller er du ikke fornøyd med svaret, kan du melde fra til tilsynet på uutilsynet.no.</p>');

UPDATE page
   SET revision_id = (SELECT max(id) FROM revision WHERE page_id = page.id)
 WHERE path = '/tilgjengelighet' AND deleted_at IS NULL;

INSERT INTO site_revision (created_at, author, statement)
VALUES (CAST(strftime('%s', 'now') AS INTEGER), 'naering', '/tilgjengelighet');
