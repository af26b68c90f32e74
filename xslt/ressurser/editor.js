/*
 * mod_naering: the editor pages' rich-text field, paste cleaning and
 * unsaved-changes warning.  Progressive enhancement: without this script
 * the textarea is a plain HTML-source field and the form works as is.
 *
 * DOM contract (rendered by the server, nothing else is assumed):
 *   form[data-warn-unsaved]            warn before leaving with changes
 *   .rich[data-rich-for="ID"]          an empty placeholder before ...
 *   textarea#ID                        ... the field that is posted
 *   label[for=ID]#ID-label (optional)  names the rich area
 *   #ID-hint (optional)                describes the rich area
 *
 * CSP-safe: no inline script or style, no eval, no innerHTML of anything
 * that has not been through clean().  The server sanitizes every body
 * again; this file is about usability.  Exposes window.naeringEditor.clean.
 */
(function () {
    'use strict';

    /* ---- the cleaner: the server's allow-list, done in the browser ---- */

    var BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote',
        'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'figure']);
    var INLINES = new Set(['strong', 'em', 'a', 'sub', 'sup']);
    var LEAF_BLOCKS = new Set(['p', 'h2', 'h3', 'h4']);
    var CELLS = new Set(['li', 'td', 'th']);
    var TABLE_PARTS = new Set(['caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td']);
    /* input name -> output name, for what is kept as an element */
    var RENAME = {
        p: 'p', h1: 'h2', h2: 'h2', h3: 'h3', h4: 'h4', h5: 'h4', h6: 'h4',
        ul: 'ul', ol: 'ol', li: 'li', blockquote: 'blockquote', table: 'table',
        caption: 'caption', thead: 'thead', tbody: 'tbody', tfoot: 'tfoot',
        tr: 'tr', th: 'th', td: 'td', strong: 'strong', em: 'em', a: 'a',
        sub: 'sub', sup: 'sup', br: 'br'
    };
    /* gone with everything inside */
    var DROP = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object',
        'embed', 'applet', 'svg', 'math', 'template', 'noscript', 'form', 'input',
        'button', 'select', 'textarea', 'link', 'meta', 'base', 'head', 'title',
        'xml', 'noembed', 'noframes', 'param', 'audio', 'video', 'canvas',
        'dialog', 'source', 'track', 'map', 'area', 'o:p']);
    /* blocks not kept: their content stays, but ends a paragraph.  A figure
     * too when the page keeps no images; otherwise see convertFigure. */
    var SPLIT = new Set(['div', 'section', 'article', 'center', 'header', 'footer',
        'main', 'nav', 'aside', 'address', 'pre', 'dl', 'dt', 'dd',
        'figcaption', 'hr', 'fieldset', 'legend', 'details', 'summary', 'dir',
        'menu', 'hgroup', 'listing', 'xmp', 'plaintext']);
    var SCOPES = new Set(['row', 'col', 'rowgroup', 'colgroup']);
    var BREAK = { brk: true };      /* a paragraph boundary left by a SPLIT */
    var WS = /[ \t\n\r\f]+/g;       /* HTML's collapsible white space, not nbsp */
    /* what the server never writes: C0 but white space, DEL, C1, U+FFFE/F */
    var CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g;
    /* characters that show nothing on their own */
    var BLANKS = /[ \u00a0\u00ad\u200b\u2060\ufeff]/g;
    var ALT_CHARS = 300;
    var CAPTION_CHARS = 500;

    /* The walk's state, as on the server: the site's image path ("/bilder",
     * from data-images; null keeps no image) and, inside an input figure
     * that keeps an image, the img that gets the caption, the figcaption it
     * came from (skipped where it stands) and its text. */
    var walk = { images: null, captioned: null, caption: null, captionText: null };

    function parseHtml(html) {
        /* DOMParser documents are inert: no script runs, nothing loads */
        return new DOMParser().parseFromString(html, 'text/html');
    }

    /* The last value of a CSS property in a style attribute, lower case,
     * without !important; '' when absent. */
    function cssValue(style, prop) {
        var found = '';
        if (!style) {
            return found;
        }
        style.split(';').forEach(function (decl) {
            var i = decl.indexOf(':');
            if (i > 0 && decl.slice(0, i).trim().toLowerCase() === prop) {
                found = decl.slice(i + 1).replace(/!\s*important/i, '').trim().toLowerCase();
            }
        });
        return found;
    }

    function isBold(v) {
        return v === 'bold' || v === 'bolder' || (/^\d/.test(v) && parseInt(v, 10) >= 600);
    }

    function isItalic(v) {
        return v === 'italic' || v.indexOf('oblique') === 0;
    }

    /* The href to keep, or null: http(s), mailto, tel or relative, as on
     * the server.  Entities are already decoded by the parser. */
    function safeHref(v) {
        var s, end, colon, scheme;
        if (v == null) {
            return null;
        }
        s = String(v).replace(/[\u0000-\u001f\u007f]/g, '').trim();
        if (!s || /^[/\\][/\\]/.test(s)) {
            return null;            /* empty, or //host: another site */
        }
        end = s.search(/[/?#]/);
        if (end < 0) {
            end = s.length;
        }
        colon = s.indexOf(':');
        if (colon >= 0 && colon < end) {
            scheme = s.slice(0, colon).toLowerCase();
            return ['http', 'https', 'mailto', 'tel'].indexOf(scheme) >= 0 ? s : null;
        }
        return s.slice(0, end).indexOf('&') >= 0 ? null : s;
    }

    function span(v) {
        var m = /^\s*(\d{1,3})\s*$/.exec(v || '');
        var n = m ? parseInt(m[1], 10) : 0;
        return n >= 1 && n <= 100 ? String(n) : null;
    }

    /* -- images: the site's own only, each a figure (text/sanitize.c) -- */

    /* images/<id> when v names one of the site's images: that, followed by
     * nothing, /anything or ?anything, spaces around it; an absolute URL of
     * this origin too.  null for anything else.  No decoding, as on the
     * server, so no escape makes another path look like ours. */
    function imageSrc(v, images) {
        var s, m, origin;
        if (v == null || !images) {
            return null;
        }
        s = String(v).replace(/^[ \t\n\r\f]+/, '');
        origin = window.location.origin;
        if (origin && origin !== 'null'
            && s.slice(0, origin.length + 1).toLowerCase() === origin.toLowerCase() + '/') {
            s = s.slice(origin.length);
        }
        if (s.slice(0, images.length + 1) !== images + '/') {
            return null;
        }
        /* 1 to 2^53 - 1, no leading zero: one spelling per image */
        m = /^([1-9][0-9]*)([\s\S]*)$/.exec(s.slice(images.length + 1));
        if (!m || m[1].length > 16 || (m[1].length === 16 && m[1] > '9007199254740991')) {
            return null;
        }
        if (!/^[/?]/.test(m[2]) && !/^[ \t\n\r\f]*$/.test(m[2])) {
            return null;
        }
        return images + '/' + m[1];
    }

    /* Plain text as the server keeps it: controls gone, white space
     * collapsed, trimmed, cut to max characters (never inside one); null
     * when nothing in it shows. */
    function plainText(s, max) {
        var chars;
        s = String(s).replace(CONTROLS, '').replace(WS, ' ').replace(/^ /, '');
        chars = Array.from(s);
        if (chars.length > max) {
            s = chars.slice(0, max).join('');
        }
        s = s.replace(/ $/, '');
        return s.replace(BLANKS, '') ? s : null;
    }

    function isPresentation(role) {
        var r = role == null ? '' : String(role).replace(CONTROLS, '').replace(WS, ' ')
            .replace(/^ | $/g, '').replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
        return r === 'presentation';
    }

    /* The figure an img of the site's becomes: src, then alt (absent stays
     * absent, and the save refuses it; empty only with role=presentation),
     * then the caption its input figure gave it. */
    function imageFigure(doc, img) {
        var fig = doc.createElement('figure');
        var out = doc.createElement('img');
        var alt, cap;
        out.setAttribute('src', imageSrc(img.getAttribute('src'), walk.images));
        if (img.hasAttribute('alt')) {
            alt = plainText(img.getAttribute('alt'), ALT_CHARS);
            if (alt !== null) {
                out.setAttribute('alt', alt);
            } else if (isPresentation(img.getAttribute('role'))) {
                out.setAttribute('alt', '');
                out.setAttribute('role', 'presentation');
            }
        }
        fig.appendChild(out);
        if (img === walk.captioned && walk.captionText) {
            cap = doc.createElement('figcaption');
            cap.textContent = walk.captionText;
            fig.appendChild(cap);
        }
        return fig;
    }

    /* Below an input figure, in document order: the first figcaption and
     * the first img of the site's outside it.  A figure inside finds its
     * own; what is dropped is not looked at. */
    function findInFigure(parent, found) {
        var c, kind;
        for (c = parent.firstChild; c && !(found.cap && found.img); c = c.nextSibling) {
            if (c.nodeType !== 1) {
                continue;
            }
            kind = classify(c);
            if (kind === 'img') {
                if (!found.img && imageSrc(c.getAttribute('src'), walk.images)) {
                    found.img = c;
                }
            } else if (kind === 'split' && !found.cap && c.localName === 'figcaption') {
                found.cap = c;
            } else if (kind !== 'drop' && kind !== 'figure') {
                findInFigure(c, found);
            }
        }
    }

    /* A figcaption's text: a space where a block starts (and a dropped
     * block ends) or a line break was; images and dropped elements give
     * nothing.  As the server's naering_san_caption. */
    function captionText(cap) {
        var parts = [];
        var outer = walk;
        function collect(parent) {
            var c, kind;
            for (c = parent.firstChild; c; c = c.nextSibling) {
                if (c.nodeType === 3) {
                    parts.push(c.data);
                    continue;
                }
                if (c.nodeType !== 1) {
                    continue;
                }
                kind = classify(c);
                if (kind === 'drop' || kind === 'img') {
                    continue;
                }
                if (kind === 'br') {
                    parts.push(' ');
                } else if (kind === 'split') {
                    parts.push(' ');
                    collect(c);
                    parts.push(' ');
                } else if (BLOCKS.has(kind)) {
                    parts.push(' ');
                    collect(c);
                } else {
                    collect(c);
                }
            }
        }
        walk = { images: null, captioned: null, caption: null, captionText: null };
        try {
            collect(cap);
        } finally {
            walk = outer;
        }
        return plainText(parts.join(''), CAPTION_CHARS);
    }

    /* An input figure splits like a block not kept; when it holds an img
     * of the site's, its first figcaption becomes that image's caption and
     * is not read again as text.  Without one, the figcaption stays text. */
    function convertFigure(doc, fig, items) {
        var outer = walk;
        var found = { img: null, cap: null };
        findInFigure(fig, found);
        walk = { images: outer.images, captioned: found.img, caption: found.img ? found.cap : null,
            captionText: null };
        try {
            if (walk.caption) {
                walk.captionText = captionText(walk.caption);
            }
            items.push(BREAK);
            convertChildren(doc, fig, items);
            items.push(BREAK);
        } finally {
            walk = outer;
        }
    }

    /* -- Word's list paragraphs -> real lists -- */

    function isMarkerStart(n) {
        return n.nodeType === 8 && /^\s*\[if !supportLists\]\s*$/i.test(n.data);
    }

    function isMarkerEnd(n) {
        return n.nodeType === 8 && /^\s*\[endif\]\s*$/i.test(n.data);
    }

    /* Removes Word's bullet or number (between <![if !supportLists]> and
     * <![endif]>, or a span with mso-list:Ignore) and returns its text. */
    function takeMarker(el) {
        var text = '';
        var walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_COMMENT);
        var starts = [];
        var n, next;
        while ((n = walker.nextNode())) {
            if (isMarkerStart(n)) {
                starts.push(n);
            }
        }
        starts.forEach(function (start) {
            for (n = start.nextSibling; n && !isMarkerEnd(n); n = next) {
                next = n.nextSibling;
                text += n.textContent;
                n.remove();
            }
        });
        el.querySelectorAll('[style]').forEach(function (s) {
            if (el.contains(s) && cssValue(s.getAttribute('style'), 'mso-list') === 'ignore') {
                text += s.textContent;
                s.remove();
            }
        });
        return text.replace(/[\s\u00a0]+/g, ' ').trim();
    }

    function prevElementish(n) {
        for (n = n.previousSibling; n; n = n.previousSibling) {
            if (n.nodeType === 1) {
                return n;
            }
            if (n.nodeType === 3 && n.data.replace(WS, '') !== '') {
                return null;
            }
        }
        return null;
    }

    function wordLists(body) {
        var doc = body.ownerDocument;
        var groups = [];
        var last = null;
        body.querySelectorAll('p, h1, h2, h3, h4, h5, h6').forEach(function (el) {
            var list = cssValue(el.getAttribute('style'), 'mso-list');
            var isListPara = /^MsoListParagraph/i.test(el.className || '');
            var marker, item;
            if (!(list && list !== 'none' && list !== 'ignore') && !isListPara) {
                return;
            }
            marker = takeMarker(el);
            if (el.localName !== 'p' || (!list && !marker)) {
                return;             /* a numbered heading keeps its text only */
            }
            item = {
                el: el,
                level: parseInt((/level(\d+)/.exec(list) || [0, 1])[1], 10) || 1,
                lfo: (/lfo(\d+)/.exec(list) || [0, ''])[1],
                ordered: /^\(?(\d+|[a-z]{1,3})[.)]$/i.test(marker)
            };
            if (last && prevElementish(el) === last.el && last.lfo === item.lfo) {
                groups[groups.length - 1].push(item);
            } else {
                groups.push([item]);
            }
            last = item;
        });
        groups.forEach(function (group) {
            var stack = [];
            var first = group[0].el;
            group.forEach(function (item) {
                var top, list, li;
                while (stack.length && stack[stack.length - 1].level > item.level) {
                    stack.pop();
                }
                top = stack[stack.length - 1];
                if (!top || top.level < item.level) {
                    list = doc.createElement(item.ordered ? 'ol' : 'ul');
                    if (top && top.li) {
                        top.li.appendChild(list);
                    } else {
                        first.parentNode.insertBefore(list, first);
                    }
                    stack.push(top = { level: item.level, list: list, li: null });
                }
                li = doc.createElement('li');
                while (item.el.firstChild) {
                    li.appendChild(item.el.firstChild);
                }
                top.list.appendChild(li);
                top.li = li;
                item.el.remove();
            });
        });
    }

    /* -- the walk: input tree -> items (output nodes, or BREAK) -- */

    /* What becomes of an element: an output name, or drop/unwrap/split,
     * or strongem (bold and italic in one span). */
    function classify(el) {
        var name = el.localName.toLowerCase();
        var style = el.getAttribute('style') || '';
        var fw, fs;
        if (DROP.has(name)) {
            return 'drop';
        }
        if (name.indexOf(':') >= 0) {
            return 'unwrap';        /* Word's st1:place, w:sdt and the like */
        }
        if (cssValue(style, 'mso-list') === 'ignore') {
            return 'drop';          /* Word's bullet or number, as text */
        }
        if (name === 'img') {
            return 'img';           /* kept only if the site's: see siteImage */
        }
        if (name === 'figure') {
            return walk.images ? 'figure' : 'split';
        }
        if (SPLIT.has(name)) {
            return 'split';
        }
        fw = cssValue(style, 'font-weight');
        fs = cssValue(style, 'font-style');
        switch (name) {
        case 'b':
            /* Google Docs wraps a whole paste in <b style="font-weight:normal"
             * id="docs-internal-guid-…"> */
            if (/^docs-internal-guid/.test(el.id) || (fw && !isBold(fw))) {
                return 'unwrap';
            }
            return 'strong';
        case 'i':
            return fs === 'normal' ? 'unwrap' : 'em';
        case 'span':
        case 'font':
            if (isBold(fw)) {
                return isItalic(fs) ? 'strongem' : 'strong';
            }
            return isItalic(fs) ? 'em' : 'unwrap';
        case 'p':
            return /^MsoTitle$/i.test(el.className || '') ? 'h2' : 'p';
        case 'a':
            return safeHref(el.getAttribute('href')) ? 'a' : 'unwrap';
        }
        return RENAME[name] || 'unwrap';
    }

    /* White space as it shows: runs collapsed.  Browsers type a no-break
     * space for a space at the end of a text (and mix them in runs of
     * spaces); those become plain spaces.  One inside a text (50&nbsp;000)
     * stays. */
    function spaces(s) {
        return s.replace(WS, ' ')
            .replace(/[ \u00a0]*(?: \u00a0|\u00a0 )[ \u00a0]*/g, ' ')
            .replace(/^\u00a0|\u00a0$/g, ' ');
    }

    function convertChildren(doc, parent, items) {
        var c;
        for (c = parent.firstChild; c; c = c.nextSibling) {
            convertNode(doc, c, items);
        }
        return items;
    }

    function isBlockItem(item) {
        return item !== BREAK && item.nodeType === 1 && BLOCKS.has(item.localName);
    }

    function isBlankText(item) {
        return item !== BREAK && item.nodeType === 3 && item.data.replace(WS, '') === '';
    }

    function convertNode(doc, n, items) {
        var kind, el, sub, strong;
        if (n.nodeType === 3) {
            if (n.data) {
                items.push(doc.createTextNode(spaces(n.data)));
            }
            return;
        }
        if (n.nodeType !== 1 || n === walk.caption) {
            return;                 /* comments (conditional ones too), PIs;
                                       a figcaption read as its image's caption */
        }
        kind = classify(n);
        if (kind === 'drop') {
            return;
        }
        if (kind === 'img') {
            if (imageSrc(n.getAttribute('src'), walk.images)) {
                items.push(imageFigure(doc, n));
            }
            return;                 /* any other image: gone, its alt too */
        }
        if (kind === 'figure') {
            convertFigure(doc, n, items);
            return;
        }
        if (kind === 'unwrap' || kind === 'split') {
            if (kind === 'split') {
                items.push(BREAK);
            }
            convertChildren(doc, n, items);
            if (kind === 'split') {
                items.push(BREAK);
            }
            return;
        }
        if (kind === 'br') {
            items.push(doc.createElement('br'));
            return;
        }
        sub = convertChildren(doc, n, []);
        if (kind === 'strongem') {
            strong = doc.createElement('strong');
            wrapInline(doc, strong, wrapInline(doc, doc.createElement('em'), sub))
                .forEach(function (i) { items.push(i); });
            return;
        }
        el = doc.createElement(kind);
        copyAttrs(n, el);
        if (INLINES.has(kind)) {
            wrapInline(doc, el, sub).forEach(function (i) { items.push(i); });
            return;
        }
        buildBlock(doc, el, sub).forEach(function (i) { items.push(i); });
    }

    function copyAttrs(src, el) {
        var v;
        switch (el.localName) {
        case 'a':
            el.setAttribute('href', safeHref(src.getAttribute('href')));
            v = (src.getAttribute('title') || '').replace(WS, ' ').trim();
            if (v) {
                el.setAttribute('title', v);
            }
            break;
        case 'th':
            v = (src.getAttribute('scope') || '').trim().toLowerCase();
            if (SCOPES.has(v)) {
                el.setAttribute('scope', v);
            }
            /* falls through */
        case 'td':
            ['colspan', 'rowspan'].forEach(function (a) {
                var s = span(src.getAttribute(a));
                if (s) {
                    el.setAttribute(a, s);
                }
            });
            break;
        }
    }

    /* An inline element around items; blocks inside it (Google Docs' <b>
     * around paragraphs) get the element pushed down into them. */
    function wrapInline(doc, el, items) {
        var out = [];
        var cur = null;
        items.forEach(function (item) {
            if (item === BREAK || isBlockItem(item)) {
                cur = null;
                if (item !== BREAK && item.localName !== 'figure') {
                    pushDown(doc, item, el);
                }
                out.push(item);
                return;
            }
            if (!cur) {
                cur = el.cloneNode(false);
                out.push(cur);
            }
            cur.appendChild(item);
        });
        return out;
    }

    function pushDown(doc, block, proto) {
        var run = [];
        var kids = Array.prototype.slice.call(block.childNodes);
        function flush() {
            var w;
            if (run.length) {
                w = proto.cloneNode(false);
                block.insertBefore(w, run[0]);
                run.forEach(function (n) { w.appendChild(n); });
                run = [];
            }
        }
        kids.forEach(function (k) {
            if (k.nodeType === 1 && k.localName === 'figure') {
                flush();            /* an image takes no formatting */
            } else if (k.nodeType === 1 && BLOCKS.has(k.localName)) {
                flush();
                pushDown(doc, k, proto);
            } else {
                run.push(k);
            }
        });
        flush();
    }

    /* A kept block element with its converted items; may return several
     * blocks (a paragraph split by a div), or none. */
    function buildBlock(doc, el, items) {
        var name = el.localName;
        if (LEAF_BLOCKS.has(name)) {
            return buildLeaf(doc, el, items);
        }
        if (CELLS.has(name)) {
            fillCell(doc, el, items);
        } else if (name === 'ul' || name === 'ol') {
            fillList(doc, el, items);
        } else if (name === 'blockquote') {
            fillFlow(doc, el, items);
        } else if (name === 'caption') {
            fillInlineOnly(doc, el, items);
        } else {
            fillTablePart(doc, el, items);
        }
        return [el];
    }

    function buildLeaf(doc, proto, items) {
        var out = [];
        var cur = null;
        items.forEach(function (item) {
            if (item === BREAK) {
                cur = null;
            } else if (isBlockItem(item)) {
                cur = null;
                out.push(item);
            } else {
                if (!cur) {
                    cur = proto.cloneNode(false);
                    out.push(cur);
                }
                cur.appendChild(item);
            }
        });
        if (!out.length) {
            out.push(proto);        /* empty: dropped in finish() */
        }
        return out;
    }

    /* Root and blockquote: blocks only; inline runs become paragraphs. */
    function fillFlow(doc, el, items) {
        var p = null;
        var list = null;
        items.forEach(function (item) {
            var name;
            if (item === BREAK) {
                p = null;
                list = null;
                return;
            }
            if (!isBlockItem(item)) {
                list = null;
                if (!p) {
                    if (isBlankText(item)) {
                        return;
                    }
                    p = doc.createElement('p');
                    el.appendChild(p);
                }
                p.appendChild(item);
                return;
            }
            p = null;
            name = item.localName;
            if (name === 'li') {
                if (!list) {
                    list = doc.createElement('ul');
                    el.appendChild(list);
                }
                list.appendChild(item);
                return;
            }
            list = null;
            if (TABLE_PARTS.has(name)) {
                fillFlow(doc, el, Array.prototype.slice.call(item.childNodes).concat([BREAK]));
                return;
            }
            el.appendChild(item);
        });
    }

    /* li, td, th: inline content, nested lists and tables; paragraphs
     * inside are unwrapped, with <br> between them. */
    function fillCell(doc, el, items) {
        var pending = false;
        function hasContent() {
            return el.lastChild && !(el.lastChild.nodeType === 1 && el.lastChild.localName === 'br');
        }
        items.forEach(function (item) {
            var name;
            if (item === BREAK) {
                pending = hasContent();
                return;
            }
            if (isBlockItem(item)) {
                name = item.localName;
                if (name === 'ul' || name === 'ol' || name === 'table' || name === 'figure') {
                    el.appendChild(item);
                    pending = false;
                    return;
                }
                if (hasContent() && !isBlockEl(el.lastChild)) {
                    el.appendChild(doc.createElement('br'));
                }
                fillCell(doc, el, Array.prototype.slice.call(item.childNodes));
                pending = true;
                return;
            }
            if (isBlankText(item) && (!el.lastChild || pending || isBlockEl(el.lastChild))) {
                return;
            }
            if (pending && hasContent() && !isBlockEl(el.lastChild)) {
                el.appendChild(doc.createElement('br'));
            }
            pending = false;
            el.appendChild(item);
        });
    }

    function textWithoutFigures(n) {
        var c = n.cloneNode(true);
        c.querySelectorAll('figure').forEach(function (f) { f.remove(); });
        return c.textContent;
    }

    function isBlockEl(n) {
        return n && n.nodeType === 1 && BLOCKS.has(n.localName);
    }

    function fillInlineOnly(doc, el, items) {
        items.forEach(function (item) {
            if (item === BREAK) {
                return;
            }
            if (isBlockItem(item)) {
                if (item.localName === 'figure') {
                    return;         /* a table's caption cannot split: it loses it */
                }
                if (el.firstChild) {
                    el.appendChild(doc.createTextNode(' '));
                }
                el.appendChild(doc.createTextNode(textWithoutFigures(item)));
                return;
            }
            el.appendChild(item);
        });
    }

    /* ul, ol: li only.  A list directly in a list (Google Docs' nesting)
     * goes into the item before it; loose content becomes an item. */
    function fillList(doc, el, items) {
        var loose = [];
        function flush() {
            var li;
            if (loose.some(function (i) { return i !== BREAK && !isBlankText(i); })) {
                li = doc.createElement('li');
                fillCell(doc, li, loose);
                el.appendChild(li);
            }
            loose = [];
        }
        items.forEach(function (item) {
            var name = isBlockItem(item) ? item.localName : '';
            if (name === 'li') {
                flush();
                el.appendChild(item);
            } else if ((name === 'ul' || name === 'ol') && !loose.length
                       && el.lastChild && el.lastChild.localName === 'li') {
                el.lastChild.appendChild(item);
            } else if (item === BREAK) {
                flush();
            } else {
                loose.push(item);
            }
        });
        flush();
    }

    /* table, thead, tbody, tfoot, tr: their parts only, in place. */
    function fillTablePart(doc, el, items) {
        var name = el.localName;
        var group = null;
        var row = null;
        items.forEach(function (item) {
            var k = isBlockItem(item) ? item.localName : '';
            if (name === 'tr') {
                if (k === 'td' || k === 'th') {
                    el.appendChild(item);
                }
                return;
            }
            if (name === 'table' && k === 'caption') {
                if (!el.querySelector('caption')) {
                    el.insertBefore(item, el.firstChild);
                }
                return;
            }
            if (name === 'table' && (k === 'thead' || k === 'tbody' || k === 'tfoot')) {
                el.appendChild(item);
                group = row = null;
                return;
            }
            if (k === 'tr' || k === 'td' || k === 'th') {
                if (name === 'table' && !group) {
                    group = doc.createElement('tbody');
                    el.appendChild(group);
                }
                if (k === 'tr') {
                    (group || el).appendChild(item);
                    row = null;
                    return;
                }
                if (!row) {
                    row = doc.createElement('tr');
                    (group || el).appendChild(row);
                }
                row.appendChild(item);
            }
            /* anything else between table parts has nowhere to go */
        });
    }

    /* -- normal form: no empty blocks, no white space at block edges -- */

    function isVisibleText(s) {
        return /[^\s\u00a0]/.test(s);
    }

    /* Trims spaces and <br> at one end of the inline run nodes[]. */
    function trimRun(nodes, fromStart) {
        var list = fromStart ? nodes : nodes.slice().reverse();
        var i, n;
        for (i = 0; i < list.length; i++) {
            n = list[i];
            if (n.nodeType === 3) {
                n.data = fromStart ? n.data.replace(/^[\s\u00a0]+/, '')
                    : n.data.replace(/[\s\u00a0]+$/, '');
                if (n.data) {
                    return true;
                }
                n.remove();
            } else if (n.nodeType === 1 && n.localName === 'br') {
                n.remove();
            } else if (n.nodeType === 1 && INLINES.has(n.localName)) {
                if (trimRun(Array.prototype.slice.call(n.childNodes), fromStart)) {
                    return true;
                }
                n.remove();         /* nothing left inside it */
            } else {
                return true;
            }
        }
        return false;
    }

    function trimBlock(el) {
        var run = [];
        function flush() {
            if (run.length) {
                trimRun(run, true);
                trimRun(run.filter(function (n) { return n.parentNode; }), false);
            }
            run = [];
        }
        Array.prototype.slice.call(el.childNodes).forEach(function (n) {
            if (isBlockEl(n)) {
                flush();
            } else {
                run.push(n);
            }
        });
        flush();
    }

    function unwrapEl(el) {
        while (el.firstChild) {
            el.parentNode.insertBefore(el.firstChild, el);
        }
        el.remove();
    }

    function hasVisible(el) {
        return isVisibleText(el.textContent);
    }

    function finish(root) {
        var kids = Array.prototype.slice.call(root.childNodes);
        var name = root.nodeType === 1 ? root.localName : '';
        kids.forEach(function (k) {
            if (k.nodeType === 1) {
                finish(k);
            }
        });
        if (root.nodeType !== 1) {
            return;
        }
        if (INLINES.has(name)) {
            /* no strong in strong (or in a heading), no a in a, nothing empty */
            for (var a = root.parentNode; a && a.nodeType === 1 && !BLOCKS.has(a.localName); a = a.parentNode) {
                if (a.localName === name) {
                    unwrapEl(root);
                    return;
                }
            }
            if (name === 'strong' && a && /^h[234]$/.test(a.localName)) {
                unwrapEl(root);
                return;
            }
            if (!root.firstChild) {
                root.remove();
            } else if (!hasVisible(root) && !root.querySelector('br')) {
                unwrapEl(root);     /* keeps the space between words */
            }
            return;
        }
        if (LEAF_BLOCKS.has(name) || CELLS.has(name) || name === 'caption') {
            trimBlock(root);
        }
        if (LEAF_BLOCKS.has(name) || name === 'caption') {
            if (!hasVisible(root)) {
                root.remove();
            }
        } else if (name === 'li') {
            if (!hasVisible(root) && !root.querySelector('li, figure')) {
                root.remove();
            }
        } else if (name === 'ul' || name === 'ol' || name === 'blockquote'
                   || name === 'thead' || name === 'tbody' || name === 'tfoot') {
            if (!root.firstElementChild) {
                root.remove();
            }
        } else if (name === 'tr') {
            if (!root.querySelector('td, th')) {
                root.remove();
            }
        } else if (name === 'table') {
            if (!root.querySelector('tr')) {
                root.remove();
            }
        }
    }

    /* One block a line, list items and table rows too: readable in the
     * "Vis HTML" view and in the posted source. */
    var PRETTY = new Set(['ul', 'ol', 'table', 'thead', 'tbody', 'tfoot', 'blockquote']);

    function pretty(doc, el, top) {
        var kids = Array.prototype.slice.call(el.childNodes);
        var name = top ? '' : el.localName;
        kids.forEach(function (k) {
            if (k.nodeType === 1) {
                pretty(doc, k, false);
            }
        });
        if (!top && !PRETTY.has(name)) {
            return;
        }
        kids.forEach(function (k, i) {
            if (!top || i > 0) {
                el.insertBefore(doc.createTextNode('\n'), k);
            }
        });
        if (!top && kids.length) {
            el.appendChild(doc.createTextNode('\n'));
        }
    }

    /* Cleans html to the allow-list.  compact: no line breaks between
     * blocks (for execCommand('insertHTML')).  images: the site's image
     * path (data-images), whose images are kept as figures; without it
     * every image goes, as on a server that keeps none. */
    function clean(html, compact, images) {
        var doc = parseHtml(String(html == null ? '' : html));
        var out = doc.createElement('div');
        var outer = walk;
        walk = { images: images || null, captioned: null, caption: null, captionText: null };
        try {
            wordLists(doc.body);
            fillFlow(doc, out, convertChildren(doc, doc.body, []));
        } finally {
            walk = outer;
        }
        finish(out);
        if (!compact) {
            pretty(doc, out, true);
        }
        return out.innerHTML;
    }

    /* Plain text -> paragraphs split on blank lines, lines joined by <br>. */
    function textToHtml(text) {
        var doc = document.implementation.createHTMLDocument('');
        var out = doc.createElement('div');
        String(text || '').replace(/\r\n?/g, '\n').split(/\n[ \t\u00a0]*\n/).forEach(function (para) {
            var lines = para.split('\n').map(function (l) { return l.replace(/[ \t]+/g, ' ').trim(); })
                .filter(function (l) { return l !== ''; });
            var p;
            if (!lines.length) {
                return;
            }
            p = doc.createElement('p');
            lines.forEach(function (l, i) {
                if (i) {
                    p.appendChild(doc.createElement('br'));
                }
                p.appendChild(doc.createTextNode(l));
            });
            out.appendChild(p);
        });
        return out.innerHTML;
    }

    /* ---- the rich field -------------------------------------------- */

    var BUTTONS = [
        { id: 'bold', label: 'Fet', cmd: 'bold', toggle: true, keys: 'Control+B', title: 'Fet (Ctrl+B)' },
        { id: 'italic', label: 'Kursiv', cmd: 'italic', toggle: true, keys: 'Control+I', title: 'Kursiv (Ctrl+I)' },
        { id: 'h2', label: 'Overskrift 2', block: 'h2', toggle: true, group: true },
        { id: 'h3', label: 'Overskrift 3', block: 'h3', toggle: true },
        { id: 'ul', label: 'Punktliste', cmd: 'insertUnorderedList', toggle: true, group: true },
        { id: 'ol', label: 'Nummerert liste', cmd: 'insertOrderedList', toggle: true },
        { id: 'link', label: 'Lenke', keys: 'Control+K', title: 'Lenke (Ctrl+K)', group: true },
        { id: 'unlink', label: 'Fjern lenke' },
        { id: 'table', label: 'Tabell', title: 'Sett inn tabell med overskriftsrad' },
        { id: 'undo', label: 'Angre', cmd: 'undo', keys: 'Control+Z', title: 'Angre (Ctrl+Z)', group: true },
        { id: 'redo', label: 'Gjør om', cmd: 'redo', keys: 'Control+Y', title: 'Gjør om (Ctrl+Y)' },
        { id: 'source', label: 'Vis HTML', toggle: true, group: true, source: true,
          title: 'Vis og rediger HTML-koden' }
    ];

    var fields = [];                /* every enhanced field, for dirty checks */
    var commandsReady = false;

    function exec(cmd, value) {
        try {
            return document.execCommand(cmd, false, value === undefined ? null : value);
        } catch (e) {
            return false;
        }
    }

    function el(tag, attrs, text) {
        var e = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) {
            e.setAttribute(k, attrs[k]);
        });
        if (text) {
            e.textContent = text;
        }
        return e;
    }

    function enhance(host) {
        var id = host.getAttribute('data-rich-for');
        var source = id && document.getElementById(id);
        var label, hint, areaId, toolbar, area, status, dialog, buttons, saved, roving, field;
        var described = [];
        var dragging = false;
        var images = host.getAttribute('data-images') || null;
        if (!source || source.localName !== 'textarea' || host.getAttribute('data-rich-ready')) {
            return;
        }
        host.setAttribute('data-rich-ready', '1');
        if (!commandsReady) {
            exec('defaultParagraphSeparator', 'p');
            exec('styleWithCSS', false);
            commandsReady = true;
        }
        label = document.getElementById(id + '-label') || document.querySelector('label[for="' + CSS.escape(id) + '"]');
        hint = document.getElementById(id + '-hint');
        areaId = id + '-rik';

        /* the toolbar */
        toolbar = el('div', {
            role: 'toolbar', 'aria-label': 'Formatering', 'aria-controls': areaId,
            'aria-keyshortcuts': 'Alt+F10', class: 'rich-toolbar'
        });
        buttons = BUTTONS.map(function (b) {
            var btn = el('button', { type: 'button', tabindex: '-1', 'data-action': b.id,
                class: 'rich-btn rich-btn-' + b.id + (b.group ? ' rich-group' : '') }, b.label);
            if (b.title) {
                btn.title = b.title;
            }
            if (b.keys) {
                btn.setAttribute('aria-keyshortcuts', b.keys);
            }
            if (b.toggle) {
                btn.setAttribute('aria-pressed', 'false');
            }
            toolbar.appendChild(btn);
            return btn;
        });
        roving = 0;
        buttons[0].tabIndex = 0;

        /* the inline link dialog */
        dialog = buildLinkDialog(id);

        /* the editable region */
        area = el('div', {
            id: areaId, contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true',
            class: 'rich-area', spellcheck: 'true'
        });
        if (label) {
            if (!label.id) {
                label.id = id + '-label';
            }
            area.setAttribute('aria-labelledby', label.id);
        }
        if (hint) {
            described.push(hint.id);
        }
        (source.getAttribute('aria-describedby') || '').split(/\s+/).forEach(function (d) {
            if (d && described.indexOf(d) < 0) {
                described.push(d);
            }
        });
        if (described.length) {
            area.setAttribute('aria-describedby', described.join(' '));
        }
        if (source.getAttribute('aria-invalid') === 'true') {
            area.setAttribute('aria-invalid', 'true');
        }
        status = el('p', { role: 'status', class: 'rich-status visually-hidden' });

        host.appendChild(toolbar);
        host.appendChild(dialog.root);
        host.appendChild(area);
        host.appendChild(status);
        setContent(source.value);
        source.hidden = true;

        function setContent(html) {
            var t = document.createElement('template');
            t.innerHTML = clean(html, true, images);    /* allow-listed: inert and safe */
            area.replaceChildren(document.importNode(t.content, true));
            if (!area.firstChild) {
                area.appendChild(el('p')).appendChild(el('br'));
            }
        }

        function inSource() {
            return area.hidden;
        }

        function sync() {
            if (!inSource()) {
                source.value = clean(area.innerHTML, false, images);
            }
        }

        function announce(msg) {
            status.textContent = '';
            window.setTimeout(function () { status.textContent = msg; }, 50);
        }

        /* -- selection: kept while focus is in the toolbar or dialog -- */
        function rangeInArea() {
            var sel = window.getSelection();
            var r = sel && sel.rangeCount ? sel.getRangeAt(0) : null;
            return r && area.contains(r.commonAncestorContainer) ? r : null;
        }

        function save() {
            var r = rangeInArea();
            if (r) {
                saved = r.cloneRange();
            }
        }

        function restore() {
            var sel = window.getSelection();
            area.focus({ preventScroll: true });
            if (saved && area.contains(saved.commonAncestorContainer)) {
                sel.removeAllRanges();
                sel.addRange(saved);
            } else if (!rangeInArea()) {
                var r = document.createRange();
                r.selectNodeContents(area);
                r.collapse(false);
                sel.removeAllRanges();
                sel.addRange(r);
            }
        }

        function ancestor(names) {
            var r = rangeInArea() || saved;
            var n = r ? r.startContainer : null;
            for (; n && n !== area; n = n.parentNode) {
                if (n.nodeType === 1 && names.indexOf(n.localName) >= 0) {
                    return n;
                }
            }
            return null;
        }

        function state(cmd) {
            try {
                return document.queryCommandState(cmd);
            } catch (e) {
                return false;
            }
        }

        function updateState() {
            var block = ancestor(['h2', 'h3', 'h4', 'p', 'li', 'td', 'th']);
            var heading = block && /^h[234]$/.test(block.localName);
            var list = ancestor(['ul', 'ol']);
            var pressed = {
                bold: heading ? !!ancestor(['strong', 'b']) : state('bold'),
                italic: !!ancestor(['em', 'i']) || state('italic'),
                h2: !!block && block.localName === 'h2',
                h3: !!block && block.localName === 'h3',
                ul: !!list && list.localName === 'ul',
                ol: !!list && list.localName === 'ol',
                source: inSource()
            };
            buttons.forEach(function (btn) {
                var a = btn.getAttribute('data-action');
                if (btn.hasAttribute('aria-pressed')) {
                    btn.setAttribute('aria-pressed', pressed[a] ? 'true' : 'false');
                }
                if (a !== 'source') {
                    if (inSource()) {
                        btn.setAttribute('aria-disabled', 'true');
                    } else {
                        btn.removeAttribute('aria-disabled');
                    }
                }
            });
        }

        /* -- commands -- */
        function selectLinkAround() {
            var a = ancestor(['a']);
            var sel = window.getSelection();
            var r;
            if (a && sel.rangeCount && sel.getRangeAt(0).collapsed) {
                r = document.createRange();
                r.selectNodeContents(a);
                sel.removeAllRanges();
                sel.addRange(r);
            }
            return a;
        }

        function run(action) {
            var b = BUTTONS.filter(function (x) { return x.id === action; })[0];
            var block;
            if (action === 'source') {
                toggleSource();
                return;
            }
            if (inSource()) {
                announce('Formatering er ikke tilgjengelig mens HTML-koden vises.');
                return;
            }
            if (action === 'link') {
                openLink();
                return;
            }
            restore();
            if (b.block) {
                block = ancestor(['h2', 'h3', 'h4', 'p', 'div']);
                exec('formatBlock', block && block.localName === b.block ? 'p' : b.block);
            } else if (action === 'unlink') {
                if (!selectLinkAround() && !(rangeInArea() && rangeInArea().cloneContents().querySelector('a'))) {
                    announce('Markeringen inneholder ingen lenke.');
                }
                exec('unlink');
            } else if (action === 'table') {
                insertTable();
            } else {
                exec(b.cmd);
            }
            save();
            sync();
            updateState();
        }

        /* Chromium puts blocks pasted into an empty heading inside it
         * (<h2><p>…</p></h2>): make that line a paragraph first. */
        function prepareInsert(html) {
            var sel = window.getSelection();
            var block;
            if (!/<(p|h[234]|ul|ol|table|blockquote)[\s>]/.test(html)) {
                return;             /* inline only: it joins the line */
            }
            if (sel.rangeCount && !sel.getRangeAt(0).collapsed) {
                exec('delete');
            }
            block = ancestor(['h2', 'h3', 'h4', 'p', 'div', 'blockquote', 'li', 'td', 'th']);
            if (!block || (/^(h[234]|div|blockquote)$/.test(block.localName)
                           && !isVisibleText(block.textContent))) {
                exec('formatBlock', 'p');
            }
        }

        function insertHtml(html) {
            prepareInsert(html);
            exec('insertHTML', html);
        }

        function insertTable() {
            var html = '<table><thead><tr><th scope="col">Overskrift 1</th><th scope="col">Overskrift 2</th></tr></thead>'
                + '<tbody><tr><td><br></td><td><br></td></tr></tbody></table><p><br></p>';
            var sel = window.getSelection();
            var after, table, r;
            insertHtml(html);
            after = ancestor(['p', 'div', 'h2', 'h3', 'h4', 'li']);
            table = after && after.previousElementSibling;
            if (!table || table.localName !== 'table') {
                table = area.querySelectorAll('table');
                table = table[table.length - 1];
            }
            if (table && table.querySelector('th')) {
                r = document.createRange();
                r.selectNodeContents(table.querySelector('th'));
                sel.removeAllRanges();
                sel.addRange(r);
            }
            announce('Tabell med to kolonner og en overskriftsrad er satt inn.');
        }

        /* -- the link dialog -- */
        function openLink() {
            var a;
            restore();
            a = selectLinkAround();
            save();
            dialog.input.value = a ? a.getAttribute('href') || '' : '';
            dialog.setError('');
            dialog.root.hidden = false;
            dialog.input.focus();
            dialog.input.select();
        }

        function closeLink() {
            dialog.root.hidden = true;
            dialog.setError('');
            restore();
            updateState();
        }

        function applyLink() {
            var raw = dialog.input.value.trim();
            var href = raw ? linkTarget(raw) : '';
            var sel, text;
            if (href === null) {
                dialog.setError('Adressen må begynne med https://, http://, mailto:, tel: eller /, '
                    + 'eller være en adresse på dette nettstedet.');
                dialog.input.focus();
                return;
            }
            dialog.root.hidden = true;
            dialog.setError('');
            restore();
            selectLinkAround();
            sel = window.getSelection();
            if (!href) {
                exec('unlink');
            } else if (sel.rangeCount && sel.getRangeAt(0).collapsed) {
                text = href.replace(/^(mailto|tel):/i, '');
                exec('insertHTML', '<a href="' + escapeAttr(href) + '">' + escapeText(text) + '</a>');
            } else {
                exec('createLink', href);
            }
            save();
            sync();
            updateState();
        }

        dialog.apply.addEventListener('click', applyLink);
        dialog.cancel.addEventListener('click', closeLink);
        dialog.root.addEventListener('keydown', function (e) {
            if (e.key === 'Escape') {
                e.preventDefault();
                closeLink();
            } else if (e.key === 'Enter' && e.target === dialog.input) {
                e.preventDefault();         /* not the form's submit */
                applyLink();
            }
        });

        /* -- Vis HTML -- */
        function toggleSource() {
            var on = !inSource();
            if (on) {
                dialog.root.hidden = true;
                source.value = clean(area.innerHTML, false, images);
                area.hidden = true;
                source.hidden = false;
            } else {
                setContent(source.value);
                source.value = clean(area.innerHTML, false, images);
                source.hidden = true;
                area.hidden = false;
                saved = null;
            }
            updateState();
            announce(on ? 'HTML-koden vises i tekstfeltet under verktøylinjen.' : 'Teksten vises med formatering.');
        }

        /* -- toolbar: roving tabindex, WAI-ARIA toolbar pattern -- */
        function focusButton(i) {
            buttons[roving].tabIndex = -1;
            roving = (i + buttons.length) % buttons.length;
            buttons[roving].tabIndex = 0;
            buttons[roving].focus();
        }

        toolbar.addEventListener('mousedown', function (e) {
            if (e.target.closest('button')) {
                e.preventDefault();         /* keep the selection in the text */
            }
        });
        toolbar.addEventListener('click', function (e) {
            var btn = e.target.closest('button');
            if (!btn) {
                return;
            }
            buttons[roving].tabIndex = -1;
            roving = buttons.indexOf(btn);
            btn.tabIndex = 0;
            run(btn.getAttribute('data-action'));
        });
        toolbar.addEventListener('keydown', function (e) {
            var i = buttons.indexOf(e.target);
            if (i < 0) {
                return;
            }
            switch (e.key) {
            case 'ArrowRight':
            case 'ArrowDown':
                focusButton(i + 1);
                break;
            case 'ArrowLeft':
            case 'ArrowUp':
                focusButton(i - 1);
                break;
            case 'Home':
                focusButton(0);
                break;
            case 'End':
                focusButton(buttons.length - 1);
                break;
            case 'Escape':
                (inSource() ? source : area).focus();
                if (!inSource()) {
                    restore();
                }
                break;
            default:
                return;
            }
            e.preventDefault();
        });

        /* -- the region -- */
        area.addEventListener('input', function () {
            sync();
            updateState();
        });
        area.addEventListener('keydown', function (e) {
            var k = e.key.toLowerCase();
            if (e.altKey && e.key === 'F10') {
                e.preventDefault();
                save();
                focusButton(roving);
                return;
            }
            if (!(e.ctrlKey || e.metaKey) || e.altKey) {
                return;
            }
            if (k === 'b' || k === 'i') {
                e.preventDefault();
                exec(k === 'b' ? 'bold' : 'italic');
                sync();
                updateState();
            } else if (k === 'k') {
                e.preventDefault();
                save();
                openLink();
            } else if (k === 'y' || (k === 'z' && e.shiftKey)) {
                e.preventDefault();         /* not every platform binds Ctrl+Y */
                exec('redo');
                sync();
                updateState();
            }
        });
        area.addEventListener('paste', function (e) {
            var dt = e.clipboardData;
            var html, text, out;
            if (!dt) {
                return;
            }
            e.preventDefault();
            html = dt.getData('text/html');
            out = html && html.trim() ? clean(html, true, images) : '';
            if (!out) {
                text = dt.getData('text/plain');
                out = text ? textToHtml(text) : '';
            }
            if (!out) {
                if (Array.prototype.some.call(dt.items || [], function (i) { return i.kind === 'file'; })) {
                    announce('Bilder og filer kan ikke limes inn i teksten.');
                }
                return;
            }
            insertHtml(out);
            sync();
            updateState();
        });
        area.addEventListener('dragstart', function () { dragging = true; });
        area.addEventListener('dragend', function () { dragging = false; });
        area.addEventListener('drop', function (e) {
            /* HTML dropped from elsewhere would skip the cleaner: take it as
             * a paste.  A move inside the text is left to the browser. */
            var dt = e.dataTransfer;
            var html, text, out, pos, r;
            if (dragging || !dt) {
                return;
            }
            e.preventDefault();
            html = dt.getData('text/html');
            text = dt.getData('text/plain');
            out = html ? clean(html, true, images) : textToHtml(text);
            if (!out) {
                return;
            }
            if (document.caretRangeFromPoint) {
                r = document.caretRangeFromPoint(e.clientX, e.clientY);
            } else if (document.caretPositionFromPoint) {
                pos = document.caretPositionFromPoint(e.clientX, e.clientY);
                if (pos) {
                    r = document.createRange();
                    r.setStart(pos.offsetNode, pos.offset);
                }
            }
            area.focus();
            if (r && area.contains(r.startContainer)) {
                window.getSelection().removeAllRanges();
                window.getSelection().addRange(r);
            }
            insertHtml(out);
            sync();
        });
        document.addEventListener('selectionchange', function () {
            if (rangeInArea()) {
                save();
                updateState();
            }
        });
        if (label) {
            label.addEventListener('click', function (e) {
                if (!inSource()) {
                    e.preventDefault();
                    area.focus();
                }
            });
        }
        if (source.form) {
            source.form.addEventListener('submit', sync);
            source.form.addEventListener('formdata', sync);
        }
        updateState();

        field = {
            source: source,
            value: function () {
                return inSource() ? clean(source.value, false, images) : clean(area.innerHTML, false, images);
            }
        };
        fields.push(field);
    }

    function buildLinkDialog(id) {
        var root = el('div', { class: 'rich-link', role: 'dialog', 'aria-labelledby': id + '-lenke-tittel' });
        var title = el('p', { class: 'rich-link-title', id: id + '-lenke-tittel' }, 'Lenke');
        var lab = el('label', { for: id + '-lenke' }, 'Adresse');
        var hint = el('p', { class: 'hint', id: id + '-lenke-hint' },
            'For eksempel https://www.kommune.no, /naeringsnettverket, post@kommune.no eller tel:+4712345678. '
            + 'La feltet stå tomt for å fjerne lenken.');
        var err = el('p', { class: 'field-error', id: id + '-lenke-feil', hidden: '' });
        var input = el('input', { id: id + '-lenke', type: 'text', inputmode: 'url', autocomplete: 'off',
            spellcheck: 'false', 'aria-describedby': id + '-lenke-hint' });
        var actions = el('div', { class: 'rich-link-actions' });
        var apply = el('button', { type: 'button', class: 'primary' }, 'Bruk lenken');
        var cancel = el('button', { type: 'button' }, 'Avbryt');
        root.hidden = true;
        actions.appendChild(apply);
        actions.appendChild(cancel);
        [title, lab, hint, err, input, actions].forEach(function (n) { root.appendChild(n); });
        return {
            root: root, input: input, apply: apply, cancel: cancel,
            setError: function (msg) {
                err.textContent = msg;
                err.hidden = !msg;
                if (msg) {
                    input.setAttribute('aria-invalid', 'true');
                    input.setAttribute('aria-describedby', err.id + ' ' + hint.id);
                } else {
                    input.removeAttribute('aria-invalid');
                    input.setAttribute('aria-describedby', hint.id);
                }
            }
        };
    }

    /* What an editor types as a link address -> the href, or null.  A bare
     * www.… gets https://, a bare e-mail address mailto:. */
    function linkTarget(raw) {
        var s = raw.replace(/\s+/g, ' ').trim();
        if (/^www\./i.test(s)) {
            s = 'https://' + s;
        } else if (/^[^\s/:@]+@[^\s/:@]+\.[a-z]{2,}$/i.test(s)) {
            s = 'mailto:' + s;
        }
        if (/^https?:/i.test(s) && !/^https?:\/\/[^/\s]+/i.test(s)) {
            return null;
        }
        if (/\s/.test(s) && !/^tel:/i.test(s)) {
            return null;
        }
        return safeHref(s);
    }

    function escapeText(s) {
        return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    }

    function escapeAttr(s) {
        return escapeText(s).replace(/"/g, '&quot;');
    }

    /* ---- unsaved changes ------------------------------------------- */

    function formState(form) {
        return Array.prototype.map.call(form.elements, function (c) {
            var type = (c.type || '').toLowerCase();
            var f, v;
            if (!c.name || c.disabled || /^(submit|button|reset|image|hidden)$/.test(type)) {
                return '';
            }
            f = fields.filter(function (x) { return x.source === c; })[0];
            if (f) {
                v = f.value();
            } else if (type === 'checkbox' || type === 'radio') {
                v = String(c.checked);
            } else if (type === 'file') {
                v = Array.prototype.map.call(c.files || [], function (x) { return x.name; }).join('\n');
            } else if (c.localName === 'select') {
                v = Array.prototype.filter.call(c.options, function (o) { return o.selected; })
                    .map(function (o) { return o.value; }).join('\n');
            } else {
                v = c.value;
            }
            return c.name + '=' + v;
        }).join('\u0000');
    }

    function warnUnsaved(form) {
        var baseline = formState(form);
        var touched = form.getAttribute('data-warn-unsaved') === 'endret';
        var leaving = false;
        form.addEventListener('input', function () { touched = true; });
        form.addEventListener('change', function () { touched = true; });
        form.addEventListener('submit', function () { leaving = true; });
        /* another handler may still cancel the submit */
        document.addEventListener('submit', function (e) {
            if (e.target === form && e.defaultPrevented) {
                leaving = false;
            }
        });
        window.addEventListener('pageshow', function (e) {
            if (e.persisted) {
                leaving = false;    /* back from the bfcache after a submit */
            }
        });
        window.addEventListener('beforeunload', function (e) {
            if (leaving || !touched) {
                return;
            }
            if (form.getAttribute('data-warn-unsaved') !== 'endret' && formState(form) === baseline) {
                return;
            }
            e.preventDefault();
            e.returnValue = '';
        });
    }

    /* ---- start ------------------------------------------------------ */

    /* The page's image path: its rich field's data-images, or null. */
    function pageImages() {
        var host = document.querySelector('.rich[data-images]');
        return host ? host.getAttribute('data-images') || null : null;
    }

    window.naeringEditor = Object.freeze({
        /* images: the site's image path; by default the page's */
        clean: function (html, images) {
            return clean(html, false, images === undefined ? pageImages() : images);
        }
    });

    function start() {
        document.querySelectorAll('.rich[data-rich-for]').forEach(enhance);
        document.querySelectorAll('form[data-warn-unsaved]').forEach(warnUnsaved);
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}());
