#!/usr/bin/env python3
"""Writes the demo meetings' papers: innkalling.pdf, saksliste.pdf and
protokoll.pdf, one page each, the same way as make-pdf.py writes the
strategic plan (its build(), with other texts).

    python3 sql/demo/make-meeting-pdfs.py [DIR]

DIR defaults to this script's folder.
"""

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PAPERS = {
    'innkalling.pdf': (
        'Innkalling til møte i Regionrådet',
        'Knutepunkt Sørlandet: innkalling',
        ['Medlemmene i Regionrådet innkalles til møte. Møtet er åpent for',
         'alle, jf. kommuneloven § 11-5. Forfall meldes til sekretariatet.',
         'Sakene står i sakslisten. Sakspapirene ligger ved møtet på nettet.']),
    'saksliste.pdf': (
        'Saksliste',
        'Knutepunkt Sørlandet: Regionrådet',
        ['Sak 1 Godkjenning av innkalling og saksliste',
         'Sak 2 Godkjenning av protokoll fra forrige møte',
         'Sak 3 Oppfølging av strategisk næringsplan',
         'Sak 4 Felles høringsuttalelse om regional transportplan',
         'Sak 5 Orienteringer og eventuelt']),
    'protokoll.pdf': (
        'Protokoll fra møte i Regionrådet',
        'Knutepunkt Sørlandet: protokoll',
        ['Innkalling og saksliste ble godkjent uten merknader.',
         'Regionrådet sluttet seg til forslaget til felles høringsuttalelse.',
         'Sekretariatet orienterte om arbeidet med næringsplanen.',
         'Protokollen er godkjent av møteleder og to representanter.']),
}


def load_maker():
    spec = importlib.util.spec_from_file_location(
        'make_pdf', os.path.join(HERE, 'make-pdf.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    maker = load_maker()
    for name, (title, subtitle, lines) in PAPERS.items():
        maker.TITLE, maker.SUBTITLE, maker.LINES = title, subtitle, lines
        data = maker.build()
        path = os.path.join(out, name)
        with open(path, 'wb') as f:
            f.write(data)
        print('%s: %d bytes' % (path, len(data)))


if __name__ == '__main__':
    main()
