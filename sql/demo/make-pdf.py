#!/usr/bin/env python3
"""Writes strategisk-naeringsplan.pdf, the demo document of mod_naering.

A one-page PDF 1.4 (A4) in the standard Type1 fonts Helvetica and
Helvetica-Bold with /WinAnsiEncoding, so that æ ø å Æ Ø Å are written as the
octal escapes \\346 \\370 \\345 \\306 \\330 \\305.  The xref table is built from
the real byte offsets.  The output is deterministic (fixed dates, fixed /ID).

    python3 sql/demo/make-pdf.py [OUTPUT]

OUTPUT defaults to strategisk-naeringsplan.pdf next to this script.
"""

import hashlib
import os
import sys

TITLE = 'Strategisk næringsplan for Kristiansandsregionen'
SUBTITLE = 'Knutepunkt Sørlandet: sammendrag'
LINES = [
    'Kommunene i Knutepunkt Sørlandet har vedtatt en felles strategisk',
    'næringsplan for Kristiansandsregionen, med oppfølgende handlingsplaner',
    'for hver kommune. Planen skal styrke samspillet mellom by og omland og',
    'fremme økonomisk vekst i hele regionen. Næringsnettverket følger opp',
    'aktiviteter og tiltak i planen sammen med regionens øvrige næringsaktører.',
]
DATE = "D:20150416093000+02'00'"


def pdf_string(text):
    """A PDF literal string in WinAnsiEncoding (same codes as PDFDocEncoding
    for the Latin-1 letters used here), non-ASCII bytes as octal escapes."""
    out = []
    for b in text.encode('cp1252'):
        c = chr(b)
        if c in '()\\':
            out.append('\\' + c)
        elif 32 <= b < 127:
            out.append(c)
        else:
            out.append('\\%03o' % b)
    return '(' + ''.join(out) + ')'


def content_stream():
    ops = ['BT',
           '/F2 18 Tf', '72 760 Td', pdf_string(TITLE) + ' Tj',
           '/F1 12 Tf', '0 -26 Td', pdf_string(SUBTITLE) + ' Tj',
           '/F1 11 Tf', '15 TL', '0 -30 Td']
    for line in LINES:
        ops.append(pdf_string(line) + " '")
    ops.append('ET')
    return ('\n'.join(ops) + '\n').encode('ascii')


def build():
    stream = content_stream()
    objects = [
        b'<< /Type /Catalog /Pages 2 0 R /Lang (nb-NO) >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]'
        b' /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >>'
        b' /Contents 4 0 R >>',
        b'<< /Length %d >>\nstream\n' % len(stream) + stream + b'endstream',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica'
        b' /Encoding /WinAnsiEncoding >>',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold'
        b' /Encoding /WinAnsiEncoding >>',
        ('<< /Title %s /Author %s /Subject %s /Lang (nb-NO)'
         ' /Producer (mod_naering make-pdf.py)'
         ' /CreationDate (%s) /ModDate (%s) >>'
         % (pdf_string(TITLE), pdf_string('Knutepunkt Sørlandet'),
            pdf_string(SUBTITLE), DATE, DATE)).encode('ascii'),
    ]
    info = len(objects)  # object number of the /Info dictionary

    out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for num, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % num + body + b'\nendobj\n'

    xref = len(out)
    out += b'xref\n0 %d\n' % (len(objects) + 1)
    out += b'0000000000 65535 f \n'
    for off in offsets:
        out += b'%010d 00000 n \n' % off
    doc_id = hashlib.md5(bytes(out)).hexdigest().encode('ascii')
    out += (b'trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R'
            b' /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n'
            % (len(objects) + 1, info, doc_id, doc_id, xref))
    return bytes(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, 'strategisk-naeringsplan.pdf')
    data = build()
    with open(path, 'wb') as f:
        f.write(data)
    print('%s: %d bytes' % (path, len(data)))


if __name__ == '__main__':
    main()
