/*
 * mod_naering: the editor pages' rich-text field, paste cleaning,
 * unsaved-changes warning and document uploads with progress.
 * Progressive enhancement: without this script the textarea is a plain
 * HTML-source field, and every form works as is.
 *
 * DOM contract (rendered by the server, nothing else is assumed):
 *   form[data-warn-unsaved]            warn before leaving with changes
 *   .rich[data-rich-for="ID"]          an empty placeholder before ...
 *   textarea#ID                        ... the field that is posted
 *   .rich[data-images="/bilder"]       the site's image path: its images
 *                                      are kept, and "Bilde" inserts them
 *                                      (library and upload through the
 *                                      form's action: ?vis=bilder&format=xml,
 *                                      handling=last-opp-bilde)
 *   label[for=ID]#ID-label (optional)  names the rich area
 *   #ID-hint (optional)                describes the rich area
 *   form.upload-form                   the documents' upload (handling=
 *                                      last-opp, file fields filN with
 *                                      titles tittelN): several files per
 *                                      field and dropped files, each on a
 *                                      request of its own with progress
 *   form[enctype="multipart/form-data"] with a hidden handling=erstatt
 *                                      a document's replacement: progress,
 *                                      and a refusal beside the field
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
    var INLINES = new Set(['strong', 'em', 'a', 'sub', 'sup', 'span']);
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

    /* A passage's language (core/lang.c, text/sanitize.c): a well-formed
     * BCP 47 tag, in its usual case (en-GB, zh-Hant-TW), or null.  No
     * extended languages: Word's NO-BOK on every run goes. */
    function langTag(v) {
        var ALPHA = /^[A-Za-z]+$/, ALNUM = /^[A-Za-z0-9]+$/;
        var tags, i, t, stage = 0, ext = false, out = [];
        function sub(s, min, max, re) {
            return s.length >= min && s.length <= max && re.test(s);
        }
        v = (v || '').replace(WS, ' ').trim();
        if (!v || v.length > 35) {
            return null;
        }
        tags = v.split('-');
        if (tags.length > 8) {
            return null;
        }
        if (tags[0] === 'x' || tags[0] === 'X') {
            ext = tags.length > 1;      /* private use only */
            if (!ext) {
                return null;
            }
        } else if (!sub(tags[0], 2, 3, ALPHA) && !sub(tags[0], 5, 8, ALPHA)) {
            return null;
        }
        for (i = 1; i < tags.length; i++) {
            t = tags[i];
            if (ext) {
                if (!sub(t, 1, 8, ALNUM)) {
                    return null;
                }
            } else if (t.length === 1) {
                if (!ALNUM.test(t) || i + 1 >= tags.length) {
                    return null;
                }
                ext = true;             /* an extension or x-: what follows */
            } else if (stage < 1 && sub(t, 4, 4, ALPHA)) {
                stage = 1;
            } else if (stage < 2 && (sub(t, 2, 2, ALPHA) || sub(t, 3, 3, /^[0-9]+$/))) {
                stage = 2;
            } else if (sub(t, 5, 8, ALNUM) || /^[0-9][A-Za-z0-9]{3}$/.test(t)) {
                stage = 3;
            } else {
                return null;
            }
        }
        /* language lower, script title, region upper; after a singleton,
         * as written */
        for (i = 0; i < tags.length; i++) {
            t = tags[i];
            if (i > 0 && t.length === 2) {
                t = t.toUpperCase();
            } else if (i > 0 && t.length === 4) {
                t = t.charAt(0).toUpperCase() + t.slice(1).toLowerCase();
            } else {
                t = t.toLowerCase();
            }
            out.push(t);
            if (tags[i].length === 1) {
                return out.concat(tags.slice(i + 1)).join('-');
            }
        }
        return out.join('-');
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
            if (isItalic(fs)) {
                return 'em';
            }
            /* one that says only what language it is in stays */
            return langTag(el.getAttribute('lang')) ? 'span' : 'unwrap';
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
            copyAttrs(n, strong);
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
        v = el.localName === 'br' ? null : langTag(src.getAttribute('lang'));
        if (v) {
            el.setAttribute('lang', v);
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
        { id: 'image', label: 'Bilde', title: 'Sett inn bilde', images: true },
        { id: 'lang', label: 'Språk', title: 'Marker språket i den markerte teksten (WCAG 3.1.2)' },
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
        var label, hint, areaId, toolbar, area, status, dialog, buttons, saved, roving, field, picker, langs;
        var described = [];
        var dragging = false;
        var images = host.getAttribute('data-images') || null;
        var form = source && source.form;
        var withImages = !!(images && form);
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
        buttons = BUTTONS.filter(function (b) { return withImages || !b.images; }).map(function (b) {
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

        /* the inline link dialog, and the image dialog */
        dialog = buildLinkDialog(id);
        picker = withImages ? buildImageDialog(id) : null;
        langs = buildLangDialog(id);

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
        host.appendChild(langs.root);
        if (picker) {
            host.appendChild(picker.root);
        }
        host.appendChild(area);
        host.appendChild(status);
        setContent(source.value);
        source.hidden = true;
        labelSource(false);
        if (label) {
            /* without for= the label would not move focus to the text */
            label.addEventListener('click', function () {
                if (!inSource()) {
                    area.focus();
                }
            });
        }

        /* The label names whichever field shows: the rich area through
         * aria-labelledby, the HTML source through for=. */
        function labelSource(on) {
            if (label && label.localName === 'label') {
                if (on) {
                    label.htmlFor = id;
                } else {
                    label.removeAttribute('for');
                }
            }
        }

        function setContent(html) {
            var t = document.createElement('template');
            t.innerHTML = clean(html, true, images);    /* allow-listed: inert and safe */
            area.replaceChildren(document.importNode(t.content, true));
            if (!area.firstChild) {
                area.appendChild(el('p')).appendChild(el('br'));
            }
            prepareFigures();
        }

        /* -- images in the text: each figure one block, deleted whole -- */

        function emptyPara() {
            var p = el('p');
            p.appendChild(el('br'));
            return p;
        }

        /* Figures are not edited inside (their words come from the image
         * dialog), and each has a paragraph beside it where the text would
         * otherwise give the caret no place: before one at the start, after
         * one at the end or before another block that is not a paragraph.
         * Empty paragraphs are not posted (clean() drops them). */
        function prepareFigures() {
            area.querySelectorAll('figure').forEach(function (f) {
                var next = f.nextElementSibling;
                f.setAttribute('contenteditable', 'false');
                if (f.parentNode !== area) {
                    return;
                }
                if (!f.previousElementSibling) {
                    area.insertBefore(emptyPara(), f);
                }
                if (!next || !/^(p|h[234])$/.test(next.localName)) {
                    f.after(emptyPara());
                }
            });
        }

        function isFigure(n) {
            return !!n && n.nodeType === 1 && n.localName === 'figure' && area.contains(n);
        }

        /* The figure right before (back) or after the caret, if any: beside
         * it in the same container, or beside the block whose edge the
         * caret is at. */
        function figureBeside(back) {
            var r = rangeInArea();
            var n, off, sib, block, probe;
            if (!r || !r.collapsed) {
                return null;
            }
            n = r.startContainer;
            off = r.startOffset;
            if (n.nodeType === 3) {
                if (back ? off === 0 : off === n.data.length) {
                    sib = back ? n.previousSibling : n.nextSibling;
                }
            } else {
                sib = back ? n.childNodes[off - 1] : n.childNodes[off];
            }
            if (isFigure(sib)) {
                return sib;
            }
            for (block = n; block && block !== area
                 && !(block.nodeType === 1 && /^(p|h[234]|li|td|th)$/.test(block.localName)); block = block.parentNode) {
                /* up to the block the caret is in */
            }
            if (!block || block === area) {
                return null;
            }
            probe = document.createRange();
            probe.selectNodeContents(block);
            if (back) {
                probe.setEnd(n, off);
            } else {
                probe.setStart(n, off);
            }
            if (probe.toString() !== '' || probe.cloneContents().querySelector('img')) {
                return null;
            }
            sib = back ? block.previousElementSibling : block.nextElementSibling;
            return isFigure(sib) ? sib : null;
        }

        function removeFigure(f) {
            f.remove();
            prepareFigures();
            sync();
            save();
            updateState();
            announce('Bildet er fjernet fra teksten.');
        }

        /* The block (a child of the region) the caret is in, or the one
         * before the caret when it is between blocks; null at the start. */
        function currentBlock() {
            var r = rangeInArea() || saved;
            var n = r ? r.startContainer : null;
            if (!n || !area.contains(n)) {
                return area.lastElementChild;
            }
            if (n === area) {
                return area.childNodes[r.startOffset - 1] || null;
            }
            while (n.parentNode !== area) {
                n = n.parentNode;
            }
            return n;
        }

        /* A figure for image id as a block after the caret's block (in
         * place of it when that is an empty paragraph), the caret in a
         * paragraph after it.  Built in an inert document, then cleaned. */
        function insertFigure(imageId, alt, decorative, caption) {
            var doc = document.implementation.createHTMLDocument('');
            var fig = doc.createElement('figure');
            var im = doc.createElement('img');
            var t = document.createElement('template');
            var node, block, r, cap;
            im.setAttribute('src', images + '/' + imageId);
            im.setAttribute('alt', decorative ? '' : alt);
            if (decorative) {
                im.setAttribute('role', 'presentation');
            }
            fig.appendChild(im);
            if (caption) {
                cap = doc.createElement('figcaption');
                cap.textContent = caption;
                fig.appendChild(cap);
            }
            t.innerHTML = clean(fig.outerHTML, true, images);
            node = t.content.querySelector('figure');
            if (!node) {
                return false;
            }
            node = document.importNode(node, true);
            restore();                  /* the caret where it was before the dialog */
            block = currentBlock();
            if (!block) {
                area.insertBefore(node, area.firstChild);
            } else if (block.nodeType === 1 && block.localName === 'p' && !isVisibleText(block.textContent)
                       && !block.querySelector('img')) {
                block.replaceWith(node);
            } else {
                block.after(node);
            }
            prepareFigures();
            if (node.nextElementSibling.localName !== 'p') {
                node.after(emptyPara());    /* the caret goes on in a paragraph */
            }
            r = document.createRange();
            r.setStart(node.nextElementSibling, 0);
            r.collapse(true);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(r);
            node.scrollIntoView({ block: 'nearest' });
            save();
            sync();
            updateState();
            return true;
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
            if (action === 'image') {
                openImage(null);
                return;
            }
            if (action === 'lang') {
                openLang();
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
            if (!/<(p|h[234]|ul|ol|table|blockquote|figure)[\s>]/.test(html)) {
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
            if (area.querySelector('img:not(figure > img)')) {
                /* the browser put a pasted figure's image into a line:
                 * the text again from its clean form, the caret at the end */
                setContent(clean(area.innerHTML, true, images));
                restore();
            }
            prepareFigures();
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
        /* -- Språk: a passage in another language (WCAG 3.1.2) -- */
        function langAround() {
            var r = rangeInArea();
            var n = r ? r.commonAncestorContainer : null;
            for (; n && n !== area; n = n.parentNode) {
                if (n.nodeType === 1 && n.localName === 'span' && n.hasAttribute('lang')) {
                    return n;
                }
            }
            return null;
        }

        function openLang() {
            var around;
            dialog.root.hidden = true;
            if (picker) {
                hideImage();
            }
            restore();
            around = langAround();
            if (!around && (!rangeInArea() || rangeInArea().collapsed)) {
                announce('Marker teksten som er på et annet språk først.');
                return;
            }
            save();
            langs.set(around ? around.getAttribute('lang') : '');
            langs.remove.hidden = !around;
            langs.root.hidden = false;
            langs.select.focus();
        }

        function closeLang() {
            langs.root.hidden = true;
            langs.setError('');
            restore();
            updateState();
        }

        function applyLang() {
            var tag = langTag(langs.value());
            var around, r, span;
            if (!tag) {
                langs.setError('Skriv en språkkode som nn, en, se eller de-CH (BCP 47).');
                return;
            }
            langs.root.hidden = true;
            restore();
            around = langAround();
            if (around) {
                around.setAttribute('lang', tag);
            } else {
                r = rangeInArea();
                if (!r || r.collapsed) {
                    return;
                }
                span = document.createElement('span');
                span.setAttribute('lang', tag);
                span.appendChild(r.extractContents());
                r.insertNode(span);
                r.selectNodeContents(span);
                window.getSelection().removeAllRanges();
                window.getSelection().addRange(r);
            }
            save();
            sync();
            setContent(source.value);      /* as the server will keep it */
            announce('Språket er markert: ' + tag + '.');
        }

        function removeLang() {
            var around;
            langs.root.hidden = true;
            restore();
            around = langAround();
            if (around) {
                while (around.firstChild) {
                    around.parentNode.insertBefore(around.firstChild, around);
                }
                around.remove();
                sync();
                announce('Språkmarkeringen er fjernet.');
            }
        }

        langs.apply.addEventListener('click', applyLang);
        langs.remove.addEventListener('click', removeLang);
        langs.cancel.addEventListener('click', closeLang);
        langs.root.addEventListener('keydown', function (e) {
            if (e.key === 'Escape') {
                e.preventDefault();
                closeLang();
            } else if (e.key === 'Enter' && e.target.localName !== 'button') {
                e.preventDefault();
                applyLang();
            }
        });

        function openLink() {
            var a;
            if (picker) {
                hideImage();
            }
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

        /* -- the image dialog: the library, or an upload, and the words -- */
        var library = null;         /* { csrf } of the last library answer */
        var libraryAsked = 0;       /* answers to older searches are ignored */
        var uploading = null;       /* the XMLHttpRequest while it runs */

        function editorUrl(params) {
            var u = new URL(form.getAttribute('action') || '', window.location.href);
            u.hash = '';
            u.search = '';
            Object.keys(params || {}).forEach(function (k) {
                u.searchParams.set(k, params[k]);
            });
            return u.href;
        }

        function openImage(file) {
            if (inSource()) {
                announce('Bilder kan ikke settes inn mens HTML-koden vises.');
                return;
            }
            dialog.root.hidden = true;
            save();
            picker.reset();
            picker.root.hidden = false;
            loadLibrary('');
            if (file) {
                chooseFile(file);
                picker.alt.focus();
            } else {
                picker.search.focus();
            }
        }

        /* Hides the dialog; an upload still running is stopped. */
        function hideImage() {
            if (uploading) {
                uploading.abort();
                uploading = null;
            }
            picker.busy(false);
            picker.root.hidden = true;
        }

        function closeImage() {
            hideImage();
            restore();
            updateState();
        }

        function loadLibrary(q) {
            var asked = ++libraryAsked;
            var params = { vis: 'bilder', format: 'xml' };
            if (q) {
                params.q = q;
            }
            picker.showLibrary(null, 'Henter bilder fra bildebiblioteket …');
            fetch(editorUrl(params), { credentials: 'same-origin', headers: { Accept: 'application/xml' } })
                .then(function (r) {
                    if (!r.ok) {
                        throw new Error('HTTP ' + r.status);
                    }
                    return r.text();
                })
                .then(function (text) {
                    var xml = new DOMParser().parseFromString(text, 'application/xml');
                    var ed = xml.querySelector('naering > editor');
                    if (asked !== libraryAsked) {
                        return;
                    }
                    if (xml.querySelector('parsererror') || !xml.querySelector('naering > library')) {
                        throw new Error('not the library');
                    }
                    library = { csrf: ed ? ed.getAttribute('csrf') : null };
                    picker.showLibrary(libraryImages(xml, images), null);
                })
                .catch(function () {
                    if (asked === libraryAsked) {
                        picker.showLibrary([], 'Bildebiblioteket kunne ikke hentes. Du kan fortsatt laste opp et nytt bilde.');
                    }
                });
        }

        function chooseFile(file) {
            if (!file) {
                return;
            }
            if (!isImageFile(file)) {
                picker.setFile(null);
                picker.setError('fil', 'Denne filtypen kan ikke brukes som bilde. Tillatt er JPEG, PNG, WebP, HEIC og AVIF.');
                return;
            }
            picker.setFile(file);
        }

        function csrfToken() {
            var f = form.querySelector('input[name="csrf"]');
            return (library && library.csrf) || (f ? f.value : '');
        }

        /* The refusal's words from the server's page (its error summary),
         * or ours by the status. */
        function uploadRefusal(status, html) {
            var doc = html ? parseHtml(html) : null;
            var words = doc ? Array.prototype.map.call(
                doc.querySelectorAll('.error-summary li, .error-summary p'),
                function (n) { return n.textContent.replace(/\s+/g, ' ').trim(); }).filter(Boolean) : [];
            if (words.length) {
                return words.join(' ');
            }
            if (status === 413) {
                return 'Bildet er større enn det nettstedet tar imot. Ingenting er lagret.';
            }
            if (status === 415) {
                return 'Denne filtypen kan ikke brukes som bilde. Tillatt er JPEG, PNG, WebP, HEIC og AVIF.';
            }
            if (status === 0) {
                return 'Bildet kom ikke fram til nettstedet. Sjekk nettforbindelsen og prøv igjen.';
            }
            return 'Bildet kunne ikke lastes opp (feil ' + status + '). Ingenting er lagret. Prøv igjen.';
        }

        /* The file into the library alone (bare-bibliotek): the answer's
         * address names the new image; then done(id). */
        function upload(file, words, done) {
            var data = new FormData();
            var xhr = new XMLHttpRequest();
            data.append('csrf', csrfToken());
            data.append('handling', 'last-opp-bilde');
            data.append('bare-bibliotek', 'ja');
            data.append('alt', words.alt);
            data.append('bildetekst', words.caption);
            if (words.decorative) {
                data.append('dekorativ', 'ja');
            }
            data.append('fil1', file, uploadName(file));
            xhr.open('POST', editorUrl());
            xhr.upload.addEventListener('progress', function (e) {
                picker.progress(e.loaded, e.lengthComputable ? e.total : file.size);
            });
            xhr.upload.addEventListener('load', function () {
                picker.progress(file.size, file.size, 'Bildet behandles …');
            });
            xhr.addEventListener('load', function () {
                var m = /[?&]vis=bilde&bilde=([1-9][0-9]*)(&|$)/.exec(xhr.responseURL || '');
                uploading = null;
                picker.busy(false);
                if (m) {                /* in the library: its page's address says which */
                    done(m[1]);
                    return;
                }
                picker.setError('fil', uploadRefusal(xhr.status, xhr.responseText));
                picker.file.focus();
            });
            xhr.addEventListener('error', function () {
                uploading = null;
                picker.busy(false);
                picker.setError('fil', uploadRefusal(0, ''));
                picker.file.focus();
            });
            uploading = xhr;
            picker.busy(true);
            picker.progress(0, file.size);
            xhr.send(data);
        }

        function applyImage() {
            var words = picker.words();
            var chosen = picker.chosen();
            var file = picker.chosenFile();
            var first = null;
            if (uploading) {
                return;
            }
            picker.clearErrors();
            if (!chosen && !file) {
                picker.setError('valg', 'Velg et bilde fra bildebiblioteket, eller velg en bildefil å laste opp.');
                first = picker.firstChoice();
            }
            if (!words.decorative && !words.alt) {
                picker.setError('alt', 'Skriv en alternativ tekst, eller kryss av for «Dekorativt bilde».');
                first = first || picker.alt;
            }
            if (first) {
                first.focus();
                return;
            }
            if (chosen) {
                hideImage();
                insertFigure(chosen.id, words.alt, words.decorative, words.caption);
                announce('Bildet er satt inn.');
                return;
            }
            upload(file, words, function (newId) {
                hideImage();
                insertFigure(newId, words.alt, words.decorative, words.caption);
                announce('Bildet er lastet opp og satt inn.');
            });
        }

        if (picker) {
            picker.apply.addEventListener('click', applyImage);
            picker.cancel.addEventListener('click', closeImage);
            picker.searchButton.addEventListener('click', function () {
                loadLibrary(picker.search.value.trim());
            });
            picker.file.addEventListener('change', function () {
                chooseFile(picker.file.files[0] || null);
            });
            picker.root.addEventListener('keydown', function (e) {
                if (e.key === 'Escape') {
                    e.preventDefault();
                    closeImage();
                } else if (e.key === 'Enter' && e.target.localName === 'input' && e.target.type !== 'file') {
                    e.preventDefault();     /* not the form's submit */
                    if (e.target === picker.search) {
                        loadLibrary(picker.search.value.trim());
                    } else {
                        applyImage();
                    }
                }
            });
            picker.root.addEventListener('dragover', function (e) {
                if (hasFiles(e.dataTransfer)) {
                    e.preventDefault();
                    e.dataTransfer.dropEffect = 'copy';
                    picker.root.classList.add('rich-image-drop');
                }
            });
            picker.root.addEventListener('dragleave', function (e) {
                if (!picker.root.contains(e.relatedTarget)) {
                    picker.root.classList.remove('rich-image-drop');
                }
            });
            picker.root.addEventListener('drop', function (e) {
                picker.root.classList.remove('rich-image-drop');
                if (hasFiles(e.dataTransfer)) {
                    e.preventDefault();
                    chooseFile(e.dataTransfer.files[0]);
                    picker.alt.focus();
                }
            });
        }

        /* -- Vis HTML -- */
        function toggleSource() {
            var on = !inSource();
            if (on) {
                dialog.root.hidden = true;
                if (picker) {
                    hideImage();
                }
                source.value = clean(area.innerHTML, false, images);
                area.hidden = true;
                source.hidden = false;
                langs.root.hidden = true;
                labelSource(true);
            } else {
                setContent(source.value);
                source.value = clean(area.innerHTML, false, images);
                source.hidden = true;
                area.hidden = false;
                labelSource(false);
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
            var fig;
            if ((e.key === 'Backspace' || e.key === 'Delete') && !e.altKey && !e.isComposing) {
                fig = figureBeside(e.key === 'Backspace');
                if (fig) {
                    e.preventDefault();     /* the image goes whole, the lines stay */
                    removeFigure(fig);
                }
                return;
            }
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
            var html, text, out, file;
            if (!dt) {
                return;
            }
            e.preventDefault();
            html = dt.getData('text/html');
            out = html && html.trim() ? clean(html, true, images) : '';
            file = !out && picker ? filesIn(dt).filter(isImageFile)[0] : null;
            if (file) {
                openImage(file);        /* a copied picture: upload it first */
                return;
            }
            if (!out) {
                text = dt.getData('text/plain');
                out = text ? textToHtml(text) : '';
            }
            if (!out) {
                if (filesIn(dt).length) {
                    announce(picker ? 'Bare bilder i JPEG, PNG, WebP, HEIC eller AVIF kan limes inn.'
                        : 'Bilder og filer kan ikke limes inn i teksten.');
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
            var html, text, out;
            if (dragging || !dt) {
                return;
            }
            e.preventDefault();
            if (picker && hasFiles(dt)) {
                caretAt(e.clientX, e.clientY);     /* the image goes after this line */
                openImage(filesIn(dt)[0]);
                return;
            }
            html = dt.getData('text/html');
            text = dt.getData('text/plain');
            out = html ? clean(html, true, images) : textToHtml(text);
            if (!out) {
                return;
            }
            caretAt(e.clientX, e.clientY);
            insertHtml(out);
            sync();
        });
        area.addEventListener('dragover', function (e) {
            if (picker && !dragging && hasFiles(e.dataTransfer)) {
                e.preventDefault();
                e.dataTransfer.dropEffect = 'copy';
            }
        });

        function caretAt(x, y) {
            var pos, r;
            if (document.caretRangeFromPoint) {
                r = document.caretRangeFromPoint(x, y);
            } else if (document.caretPositionFromPoint) {
                pos = document.caretPositionFromPoint(x, y);
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
            save();
        }
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

    /* ---- the language dialog ---------------------------------------- */

    /* The languages an Agder site meets most, each named in its own
     * language too; "Annet" takes any BCP 47 tag. */
    var LANGS = [
        ['nn', 'Nynorsk'], ['nb', 'Bokmål'], ['en', 'Engelsk (English)'],
        ['se', 'Nordsamisk (davvisámegiella)'], ['sma', 'Sørsamisk (åarjelsaemien)'],
        ['smj', 'Lulesamisk (julevsámegiella)'], ['fkv', 'Kvensk (kainun kieli)'],
        ['sv', 'Svensk (svenska)'], ['da', 'Dansk'], ['de', 'Tysk (Deutsch)'],
        ['fr', 'Fransk (français)'], ['pl', 'Polsk (polski)'], ['uk', 'Ukrainsk (українська)'],
        ['', 'Annet språk: skriv koden']
    ];

    function buildLangDialog(id) {
        var root = el('div', { class: 'rich-link rich-lang', role: 'dialog', 'aria-labelledby': id + '-sprak-tittel' });
        var title = el('p', { class: 'rich-link-title', id: id + '-sprak-tittel' }, 'Språk i den markerte teksten');
        var lab = el('label', { for: id + '-sprak' }, 'Språk');
        var select = el('select', { id: id + '-sprak' });
        var olab = el('label', { for: id + '-sprak-kode' }, 'Språkkode (BCP 47)');
        var other = el('input', { id: id + '-sprak-kode', type: 'text', autocomplete: 'off', spellcheck: 'false',
            'aria-describedby': id + '-sprak-hint' });
        var hint = el('p', { class: 'hint', id: id + '-sprak-hint' }, 'For eksempel nn, en, se eller de-CH.');
        var err = el('p', { class: 'field-error', id: id + '-sprak-feil', hidden: '' });
        var actions = el('div', { class: 'rich-link-actions' });
        var apply = el('button', { type: 'button', class: 'primary' }, 'Marker språket');
        var remove = el('button', { type: 'button' }, 'Fjern språkmarkeringen');
        var cancel = el('button', { type: 'button' }, 'Avbryt');
        var otherRow = el('div', { class: 'rich-lang-other' });
        root.hidden = true;
        LANGS.forEach(function (l) {
            select.appendChild(el('option', { value: l[0] }, l[1]));
        });
        otherRow.appendChild(olab);
        otherRow.appendChild(hint);
        otherRow.appendChild(other);
        function showOther() {
            otherRow.hidden = select.value !== '';
        }
        select.addEventListener('change', showOther);
        actions.appendChild(apply);
        actions.appendChild(remove);
        actions.appendChild(cancel);
        [title, lab, select, otherRow, err, actions].forEach(function (n) { root.appendChild(n); });
        return {
            root: root, select: select, apply: apply, remove: remove, cancel: cancel,
            set: function (tag) {
                var known = LANGS.some(function (l) { return l[0] && l[0] === tag; });
                select.value = known ? tag : (tag ? '' : 'nn');
                other.value = known ? '' : tag;
                showOther();
            },
            value: function () {
                return select.value || other.value;
            },
            setError: function (msg) {
                err.textContent = msg;
                err.hidden = !msg;
            }
        };
    }

    /* ---- the image dialog ------------------------------------------- */

    var IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/avif'];
    var IMAGE_EXT = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic',
        'image/heif': 'heif', 'image/avif': 'avif' };

    function hasFiles(dt) {
        return !!dt && Array.prototype.indexOf.call(dt.types || [], 'Files') >= 0;
    }

    function filesIn(dt) {
        var files = Array.prototype.slice.call(dt.files || []);
        if (!files.length) {
            Array.prototype.forEach.call(dt.items || [], function (i) {
                var f = i.kind === 'file' ? i.getAsFile() : null;
                if (f) {
                    files.push(f);
                }
            });
        }
        return files;
    }

    function isImageFile(f) {
        return !!f && (IMAGE_TYPES.indexOf(f.type) >= 0
            || (!f.type && /\.(jpe?g|png|webp|hei[cf]|avif)$/i.test(f.name || '')));
    }

    /* A file name the server takes: a pasted picture may have none, or
     * one without the type's extension. */
    function uploadName(f) {
        var name = (f.name || '').replace(/[\u0000-\u001f\u007f/\\]/g, '').trim();
        var ext = IMAGE_EXT[f.type];
        if (!name || name.charAt(0) === '.') {
            name = 'bilde' + (ext ? '.' + ext : '');
        } else if (ext && !/\.[a-z0-9]{2,5}$/i.test(name)) {
            name += '.' + ext;
        }
        return name;
    }

    function megabytes(n) {
        return (n / 1048576).toLocaleString('nb-NO', { minimumFractionDigits: n < 1048576 ? 2 : 1,
            maximumFractionDigits: n < 1048576 ? 2 : 1 });
    }

    /* The library's images from its XML view: id, file name, alt text and
     * the smallest variant for a thumbnail (the site's own addresses only). */
    function libraryImages(xml, images) {
        return Array.prototype.map.call(xml.querySelectorAll('naering > library > image'), function (im) {
            var id = im.getAttribute('id') || '';
            var thumb = null;
            Array.prototype.forEach.call(im.querySelectorAll('variant'), function (v) {
                var w = parseInt(v.getAttribute('width'), 10) || 0;
                var url = v.getAttribute('url') || '';
                if (url.indexOf(images + '/' + id + '/') === 0 && (!thumb || w < thumb.width)) {
                    thumb = { url: url, width: w, height: parseInt(v.getAttribute('height'), 10) || 0 };
                }
            });
            return { id: id, name: im.getAttribute('name') || '', alt: im.getAttribute('alt') || '', thumb: thumb };
        }).filter(function (im) { return /^[1-9][0-9]{0,15}$/.test(im.id); });
    }

    function buildImageDialog(id) {
        var p = id + '-bilde';
        var owner = p + '-skjema';      /* no such form: the dialog's controls are not the page form's */
        var root = el('div', { class: 'rich-image', role: 'dialog', 'aria-labelledby': p + '-tittel',
            'aria-describedby': p + '-hint' });
        var title = el('p', { class: 'rich-link-title', id: p + '-tittel' }, 'Bilde');
        var hint = el('p', { class: 'hint', id: p + '-hint' },
            'Velg et bilde fra bildebiblioteket, eller last opp et nytt. Du kan også dra et bilde hit '
            + 'eller lime det inn i teksten. Bildet settes inn etter avsnittet markøren står i.');
        var choiceErr = el('p', { class: 'field-error', id: p + '-valg-feil', hidden: '' });
        var lib = el('fieldset', { class: 'rich-image-library' });
        var searchRow = el('div', { class: 'rich-image-search' });
        var searchLabel = el('label', { for: p + '-sok' }, 'Søk i bildene (filnavn eller alternativ tekst)');
        var search = el('input', { id: p + '-sok', type: 'search', form: owner, autocomplete: 'off' });
        var searchButton = el('button', { type: 'button', form: owner }, 'Søk');
        var libStatus = el('p', { class: 'rich-image-status', role: 'status', id: p + '-status' });
        var list = el('ul', { class: 'rich-image-list' });
        var up = el('fieldset', { class: 'rich-image-upload' });
        var fileLabel = el('label', { for: p + '-fil' }, 'Bildefil (JPEG, PNG, WebP, HEIC eller AVIF)');
        var fileErr = el('p', { class: 'field-error', id: p + '-fil-feil', hidden: '' });
        var file = el('input', { id: p + '-fil', type: 'file', form: owner,
            accept: 'image/jpeg,image/png,image/webp,image/heic,image/avif' });
        var prog = el('div', { class: 'rich-image-progress', hidden: '' });
        var progLabel = el('label', { for: p + '-fremdrift' }, 'Opplasting');
        var bar = el('progress', { id: p + '-fremdrift', max: '100', value: '0', 'aria-describedby': p + '-fremdrift-tekst' });
        var progText = el('p', { class: 'rich-image-progress-text', id: p + '-fremdrift-tekst' });
        var altField = el('div', { class: 'rich-image-field' });
        var altLabel = el('label', { for: p + '-alt' }, 'Alternativ tekst');
        var altHint = el('p', { class: 'hint', id: p + '-alt-hint' },
            'Skriv kort hva bildet viser, slik at de som ikke ser det, får det samme. Ikke skriv «bilde av».');
        var altErr = el('p', { class: 'field-error', id: p + '-alt-feil', hidden: '' });
        var alt = el('input', { id: p + '-alt', type: 'text', form: owner, maxlength: '300', autocomplete: 'off',
            'aria-required': 'true', 'aria-describedby': p + '-alt-hint' });
        var decoField = el('div', { class: 'rich-image-check' });
        var deco = el('input', { id: p + '-dekorativ', type: 'checkbox', form: owner });
        var decoLabel = el('label', { for: p + '-dekorativ' }, 'Dekorativt bilde (sier ikke noe som ikke står i teksten)');
        var capField = el('div', { class: 'rich-image-field' });
        var capLabel = el('label', { for: p + '-tekst' }, 'Bildetekst (valgfri, vises under bildet)');
        var caption = el('input', { id: p + '-tekst', type: 'text', form: owner, maxlength: '500', autocomplete: 'off' });
        var actions = el('div', { class: 'rich-link-actions' });
        var apply = el('button', { type: 'button', class: 'primary', form: owner }, 'Sett inn');
        var cancel = el('button', { type: 'button', form: owner }, 'Avbryt');
        var chosenFile = null;
        var altBefore = '';
        var prefilled = '';
        var errors = {
            valg: { p: choiceErr, field: lib, hint: null },
            fil: { p: fileErr, field: file, hint: null },
            alt: { p: altErr, field: alt, hint: altHint }
        };

        root.hidden = true;
        lib.appendChild(el('legend', {}, 'Fra bildebiblioteket'));
        searchRow.appendChild(searchLabel);
        searchRow.appendChild(search);
        searchRow.appendChild(searchButton);
        [searchRow, libStatus, list].forEach(function (n) { lib.appendChild(n); });
        up.appendChild(el('legend', {}, 'Eller last opp et nytt bilde'));
        prog.appendChild(progLabel);
        prog.appendChild(bar);
        prog.appendChild(progText);
        [fileLabel, fileErr, file, prog].forEach(function (n) { up.appendChild(n); });
        [altLabel, altHint, altErr, alt].forEach(function (n) { altField.appendChild(n); });
        decoField.appendChild(deco);
        decoField.appendChild(decoLabel);
        capField.appendChild(capLabel);
        capField.appendChild(caption);
        actions.appendChild(apply);
        actions.appendChild(cancel);
        [title, hint, choiceErr, lib, up, altField, decoField, capField, actions].forEach(function (n) {
            root.appendChild(n);
        });

        function radios() {
            return Array.prototype.slice.call(list.querySelectorAll('input[type="radio"]'));
        }

        function setError(key, msg) {
            var e = errors[key];
            var described = [e.hint && e.hint.id].filter(Boolean);
            e.p.textContent = msg;
            e.p.hidden = !msg;
            if (msg) {
                described.unshift(e.p.id);
                e.field.setAttribute('aria-invalid', 'true');
            } else {
                e.field.removeAttribute('aria-invalid');
            }
            if (e.field === lib) {
                radios().forEach(function (r) {
                    if (msg) {
                        r.setAttribute('aria-describedby', e.p.id);
                    } else {
                        r.removeAttribute('aria-describedby');
                    }
                });
                e.field.removeAttribute('aria-invalid');
                if (msg) {
                    file.setAttribute('aria-describedby', e.p.id);
                } else if (!fileErr.textContent) {
                    file.removeAttribute('aria-describedby');
                }
                return;
            }
            if (described.length) {
                e.field.setAttribute('aria-describedby', described.join(' '));
            } else {
                e.field.removeAttribute('aria-describedby');
            }
        }

        function setFile(f) {
            var dt;
            chosenFile = f;
            setError('fil', '');
            if (!f) {
                file.value = '';
                return;
            }
            if (file.files[0] !== f) {
                try {
                    dt = new DataTransfer();
                    dt.items.add(f);
                    file.files = dt.files;      /* shows its name in the field */
                } catch (e) {
                    /* the choice is kept in chosenFile all the same */
                }
            }
            radios().forEach(function (r) { r.checked = false; });
            setError('valg', '');
        }

        function choose(im) {
            setFile(null);
            setError('valg', '');
            if (!deco.checked && (alt.value === '' || alt.value === prefilled)) {
                alt.value = im.alt;
                prefilled = im.alt;
            }
        }

        function item(im) {
            var li = el('li');
            var rid = p + '-valg-' + im.id;
            var radio = el('input', { type: 'radio', name: p + '-valg', id: rid, value: im.id, form: owner });
            var lab = el('label', { for: rid });
            var t;
            if (im.thumb) {
                t = el('img', { class: 'rich-image-thumb', src: im.thumb.url, alt: '', loading: 'lazy', decoding: 'async' });
                if (im.thumb.width && im.thumb.height) {
                    t.setAttribute('width', String(im.thumb.width));
                    t.setAttribute('height', String(im.thumb.height));
                }
                lab.appendChild(t);
            }
            lab.appendChild(el('span', { class: 'rich-image-name' }, im.name || 'Bilde ' + im.id));
            lab.appendChild(el('span', { class: 'rich-image-alt' },
                im.alt ? 'Alternativ tekst: ' + im.alt : 'Uten alternativ tekst (dekorativt)'));
            radio.addEventListener('change', function () {
                if (radio.checked) {
                    choose(im);
                }
            });
            li.appendChild(radio);
            li.appendChild(lab);
            return li;
        }

        function setDecorative(on) {
            if (on === alt.disabled) {
                return;
            }
            if (on) {
                altBefore = alt.value;
                alt.value = '';
                setError('alt', '');
            } else {
                alt.value = altBefore;
            }
            alt.disabled = on;
        }
        deco.addEventListener('change', function () { setDecorative(deco.checked); });

        return {
            root: root, search: search, searchButton: searchButton, file: file, alt: alt,
            apply: apply, cancel: cancel,
            setError: setError,
            setFile: setFile,
            clearErrors: function () {
                Object.keys(errors).forEach(function (k) { setError(k, ''); });
            },
            reset: function () {
                this.clearErrors();
                setFile(null);
                radios().forEach(function (r) { r.checked = false; });
                deco.checked = false;
                setDecorative(false);
                alt.value = '';
                caption.value = '';
                search.value = '';
                prefilled = '';
                root.classList.remove('rich-image-drop');
            },
            /* images: the list to show (null while it loads); msg: a status */
            showLibrary: function (images, msg) {
                if (images) {
                    list.replaceChildren.apply(list, images.map(item));
                }
                libStatus.textContent = msg || (images.length
                    ? images.length + (images.length === 1 ? ' bilde' : ' bilder') + ' i bildebiblioteket.'
                    : 'Ingen bilder funnet.');
            },
            chosen: function () {
                var r = radios().filter(function (x) { return x.checked; })[0];
                return r ? { id: r.value } : null;
            },
            chosenFile: function () {
                return chosenFile;
            },
            firstChoice: function () {
                return radios().filter(function (x) { return x.checked; })[0] || radios()[0] || file;
            },
            words: function () {
                var decorative = deco.checked;
                return {
                    decorative: decorative,
                    alt: decorative ? '' : (plainText(alt.value, ALT_CHARS) || ''),
                    caption: plainText(caption.value, CAPTION_CHARS) || ''
                };
            },
            busy: function (on) {
                prog.hidden = !on;
                apply.disabled = on;
                root.setAttribute('aria-busy', on ? 'true' : 'false');
            },
            progress: function (loaded, total, note) {
                var pct = total ? Math.min(100, Math.round(loaded / total * 100)) : 0;
                bar.value = pct;
                progText.textContent = pct + ' % (' + megabytes(loaded) + ' av ' + megabytes(total) + ' MB)'
                    + (note ? '. ' + note : '');
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

    /* ---- documents: several files, one request each, with progress ---- */

    /* The documents view (?vis=dokumenter): form.upload-form takes several
     * files in each field and files dropped on it; each file then goes on
     * a request of its own (the form's fields, the file as fil1 and its
     * title as tittel1), with a progress bar beside its name.  A refused
     * file is explained there and the others go on; when one or more went
     * in, the list is loaded again (the answer's own address, with
     * melding=lastet-opp), and the refusals are shown once more on it.
     * Each replacement form (handling=erstatt) gets the same progress. */

    var UPLOAD_NOTE = 'naering-opplasting';     /* sessionStorage: refusals across the reload */
    var DOC_TITLE_CHARS = 200;
    var BIG_FILE = 4000000;                     /* bytes: its progress is read out in quarters */
    var uploadSeq = 0;

    /* Sizes as the list shows them (layout.xsl's "size"): SI units, a
     * decimal comma.  "900 byte", "245 kB", "8,4 MB". */
    function sizeText(n) {
        if (n < 1000) {
            return n + ' byte';
        }
        return n < 1000000 ? Math.round(n / 1000) + ' kB' : siMegabytes(n) + ' MB';
    }

    /* "0,25", "8,4": megabytes (10^6 bytes), two decimals under one */
    function siMegabytes(n) {
        var d = n < 1000000 ? 2 : 1;
        return (n / 1000000).toLocaleString('nb-NO', { minimumFractionDigits: d, maximumFractionDigits: d });
    }

    function timeLeft(s) {
        var n;
        if (!isFinite(s) || s < 0) {
            return '';
        }
        if (s < 1) {
            return 'mindre enn ett sekund igjen';
        }
        if (s < 60) {
            n = Math.ceil(s);
            return 'ca. ' + n + (n === 1 ? ' sekund' : ' sekunder') + ' igjen';
        }
        n = Math.round(s / 60);
        return 'ca. ' + n + (n === 1 ? ' minutt' : ' minutter') + ' igjen';
    }

    /* The title the server would give: the file name without its extension. */
    function titleFromName(name) {
        var s = String(name || '');
        var dot = s.lastIndexOf('.');
        return plainText(dot > 0 ? s.slice(0, dot) : s, DOC_TITLE_CHARS) || '';
    }

    /* Why the server refused a file: the words of its page's error summary
     * (without the file name in front of them), or ours by the status. */
    function docRefusal(status, html) {
        var doc = html && /^\s*</.test(html) ? parseHtml(html) : null;
        var words = doc ? Array.prototype.map.call(doc.querySelectorAll('.error-summary li, .error-summary p'),
            function (n) {
                var t = n.textContent.replace(/\s+/g, ' ').trim();
                var s = n.querySelector('strong');
                var name = s ? s.textContent.replace(/\s+/g, ' ').trim() : '';
                return name && t.indexOf(name + ': ') === 0 ? t.slice(name.length + 2) : t;
            }).filter(Boolean) : [];
        if (words.length) {
            return words.join(' ');
        }
        switch (status) {
        case 0:
            return 'Filen kom ikke fram til nettstedet. Den kan være større enn nettstedet tar imot, '
                + 'eller forbindelsen ble brutt. Ingenting er lagret.';
        case 403:
            return 'Skjemaet er for gammelt, eller du er logget ut. Last siden på nytt og prøv igjen. '
                + 'Ingenting er lagret.';
        case 413:
            return 'Filen er større enn det nettstedet tar imot. Ingenting er lagret.';
        case 415:
            return 'Denne filtypen kan ikke lastes opp.';
        default:
            return 'Filen kunne ikke lastes opp (feil ' + status + '). Ingenting er lagret. Prøv igjen.';
        }
    }

    /* A progress bar with its label and text: "45 % (3,6 av 8,0 MB), ca. 4
     * sekunder igjen".  name: the file, for the label read out. */
    function progressBox(name) {
        var id = 'opplasting-' + (++uploadSeq);
        var root = el('div', { class: 'upload-progress' });
        var label = el('label', { for: id }, 'Opplasting');
        var bar = el('progress', { id: id, max: '100', value: '0', 'aria-describedby': id + '-tekst' });
        var text = el('p', { class: 'upload-progress-text', id: id + '-tekst' });
        var first = null;       /* the first bytes seen: the rate is counted from there */
        label.appendChild(el('span', { class: 'visually-hidden' }, ' av ' + name));
        root.appendChild(label);
        root.appendChild(bar);
        root.appendChild(text);
        return {
            root: root,
            /* -> the percent shown */
            set: function (loaded, total, note) {
                var pct = total ? Math.min(100, Math.floor(loaded / total * 100)) : 0;
                var now = Date.now();
                var secs, left = '';
                if (!first && loaded > 0) {
                    first = { at: now, loaded: loaded };
                }
                secs = first ? (now - first.at) / 1000 : 0;
                if (!note && loaded < total && secs >= 0.5 && loaded > first.loaded) {
                    left = timeLeft((total - loaded) / ((loaded - first.loaded) / secs));
                }
                bar.value = pct;
                text.textContent = pct + ' % (' + siMegabytes(loaded) + ' av ' + siMegabytes(total) + ' MB)'
                    + (left ? ', ' + left : '') + (note ? '. ' + note : '');
                return pct;
            }
        };
    }

    /* One file on a request of its own: the form's hidden fields, then
     * fields (name -> value), then the file as fil1.  cb.progress(loaded,
     * total), cb.sent(), cb.done(address) when the answer is the list with
     * melding=notice, else cb.refused(words).  Returns the request. */
    function sendFile(form, fields, file, notice, cb) {
        var data = new FormData();
        var xhr = new XMLHttpRequest();
        Array.prototype.forEach.call(form.querySelectorAll('input[type="hidden"][name]'), function (h) {
            data.append(h.name, h.value);
        });
        Object.keys(fields).forEach(function (k) {
            data.append(k, fields[k]);
        });
        data.append('fil1', file, file.name);
        xhr.open('POST', form.action);
        xhr.upload.addEventListener('progress', function (e) {
            cb.progress(e.loaded, e.lengthComputable ? e.total : file.size);
        });
        xhr.upload.addEventListener('load', function () {
            cb.sent();
        });
        xhr.addEventListener('load', function () {
            var url = null;
            try {
                url = new URL(xhr.responseURL);
            } catch (e) {
                url = null;
            }
            if (xhr.status === 200 && url && url.origin === window.location.origin
                    && url.searchParams.get('melding') === notice) {
                cb.done(url.href);
            } else {
                cb.refused(docRefusal(xhr.status === 200 ? 400 : xhr.status, xhr.responseText));
            }
        });
        xhr.addEventListener('error', function () {
            cb.refused(docRefusal(0, ''));
        });
        xhr.addEventListener('abort', function () {
            cb.refused('Opplastingen ble avbrutt. Ingenting er lagret.');
        });
        xhr.send(data);
        return xhr;
    }

    /* Files dropped from outside the browser, not text or links. */
    function droppedFiles(e) {
        return hasFiles(e.dataTransfer) ? filesIn(e.dataTransfer) : [];
    }

    /* Refusals kept over the reload, for this page: [{name, why}], once. */
    function takeUploadNotes() {
        var raw, note;
        try {
            raw = window.sessionStorage.getItem(UPLOAD_NOTE);
            window.sessionStorage.removeItem(UPLOAD_NOTE);
            note = raw ? JSON.parse(raw) : null;
        } catch (e) {
            return [];
        }
        if (!note || note.path !== window.location.pathname || !Array.isArray(note.refused)
                || Math.abs(Date.now() - note.at) > 10 * 60 * 1000) {
            return [];
        }
        return note.refused.filter(function (r) {
            return r && typeof r.name === 'string' && typeof r.why === 'string';
        });
    }

    function keepUploadNotes(refused) {
        try {
            window.sessionStorage.setItem(UPLOAD_NOTE, JSON.stringify({
                path: window.location.pathname, at: Date.now(), refused: refused
            }));
            return true;
        } catch (e) {
            return false;
        }
    }

    /* The files that were not uploaded, each with why, as a list. */
    function refusedSummary(refused) {
        var box = el('div', { class: 'error-summary upload-refused', role: 'alert', tabindex: '-1' });
        var list = el('ul');
        box.appendChild(el('h3', {}, refused.length === 1 ? 'Denne filen ble ikke lastet opp'
            : 'Disse ' + refused.length + ' filene ble ikke lastet opp'));
        refused.forEach(function (r) {
            var li = el('li');
            li.appendChild(el('strong', {}, r.name));
            li.appendChild(document.createTextNode(': ' + r.why));
            list.appendChild(li);
        });
        box.appendChild(list);
        return box;
    }

    function enhanceUploads(form) {
        var inputs = Array.prototype.slice.call(form.querySelectorAll('input[type="file"][name^="fil"]'));
        var submit = form.querySelector('button[type="submit"], button:not([type])');
        var actions = submit ? submit.parentNode : form;
        var section = form.closest('section') || form.parentNode;
        var hint = el('p', { class: 'hint upload-drop-hint' },
            'Du kan velge flere filer i hvert felt, eller dra filene hit og slippe dem. '
            + 'Hver fil lastes opp for seg, og du ser hvor langt den har kommet.');
        var queue = el('div', { class: 'upload-queue', hidden: '' });
        var queueTitle = el('h3', { id: 'opplasting-filer-tittel' }, 'Valgte filer');
        var list = el('ul', { class: 'upload-files', 'aria-labelledby': 'opplasting-filer-tittel' });
        var status = el('p', { class: 'upload-status', role: 'status', 'aria-live': 'polite' });
        var stop = el('button', { type: 'button', hidden: '' }, 'Avbryt opplastingen');
        var busy = false;
        var current = null;
        var stopped = false;
        var depth = 0;
        var notes = takeUploadNotes();

        if (!inputs.length || !submit) {
            return;
        }
        inputs.forEach(function (i) {
            var t = titleFor(i);
            i.multiple = true;
            i.addEventListener('change', function () { showChosen(true); });
            if (t) {
                t.addEventListener('input', function () { showChosen(false); });
            }
        });
        form.insertBefore(hint, form.querySelector('fieldset') || form.firstChild);
        queue.appendChild(queueTitle);
        queue.appendChild(list);
        form.insertBefore(queue, actions);
        actions.appendChild(stop);
        form.appendChild(status);
        if (notes.length) {
            section.insertBefore(refusedSummary(notes), form);
        }

        /* The title field beside a file field: tittelN for filN. */
        function titleFor(input) {
            var n = input.name.slice(3);
            return form.querySelector('input[name="tittel' + n + '"]');
        }

        /* Every chosen file, in field order: {file, title}.  A typed title
         * is for a field's only file; several files get their names. */
        function chosen() {
            var all = [];
            inputs.forEach(function (input) {
                var files = Array.prototype.slice.call(input.files || []);
                var t = titleFor(input);
                var typed = t ? plainText(t.value, DOC_TITLE_CHARS) : null;
                files.forEach(function (f) {
                    all.push({ file: f, title: files.length === 1 && typed ? typed : titleFromName(f.name) });
                });
            });
            return all;
        }

        function item(c) {
            var li = el('li', { class: 'upload-file' });
            var name = el('p', { class: 'upload-file-name' });
            name.appendChild(el('strong', {}, c.file.name));
            name.appendChild(document.createTextNode(' (' + sizeText(c.file.size) + ')'));
            li.appendChild(name);
            li.appendChild(el('p', { class: 'upload-file-title' }, 'Tittel: ' + (c.title || c.file.name)));
            return li;
        }

        /* The list of chosen files; announce: say how many (not while a
         * title is typed) */
        function showChosen(announce) {
            var all;
            if (busy) {
                return;
            }
            all = chosen();
            list.replaceChildren.apply(list, all.map(item));
            queue.hidden = !all.length;
            if (announce) {
                status.textContent = all.length ? (all.length === 1 ? '1 fil valgt.' : all.length + ' filer valgt.') : '';
            }
        }

        /* Dropped files join the field they were dropped on, else the
         * first empty one, else the last. */
        function addFiles(files, target) {
            var slot = target && target.closest ? target.closest('fieldset') : null;
            var input = (slot && slot.querySelector('input[type="file"]'))
                || inputs.filter(function (i) { return !(i.files && i.files.length); })[0]
                || inputs[inputs.length - 1];
            var dt;
            try {
                dt = new DataTransfer();
                Array.prototype.forEach.call(input.files || [], function (f) { dt.items.add(f); });
                files.forEach(function (f) { dt.items.add(f); });
                input.files = dt.files;
            } catch (e) {
                status.textContent = 'Filene kunne ikke legges til. Velg dem i feltene i stedet.';
                return;
            }
            showChosen(true);
        }

        /* While files go up, the fields and the button rest, and "Avbryt"
         * takes the focus that was in the form; back to the button after. */
        function setBusy(on) {
            var focused = form.contains(document.activeElement) || document.activeElement === document.body;
            busy = on;
            stop.hidden = !on;
            submit.disabled = on;
            inputs.forEach(function (i) { i.disabled = on; });
            if (focused) {
                (on ? stop : submit).focus();
            }
        }

        form.addEventListener('dragenter', function (e) {
            if (hasFiles(e.dataTransfer) && !busy) {
                depth++;
                form.classList.add('upload-drop-active');
            }
        });
        form.addEventListener('dragleave', function (e) {
            if (hasFiles(e.dataTransfer) && depth > 0 && --depth === 0) {
                form.classList.remove('upload-drop-active');
            }
        });
        form.addEventListener('dragover', function (e) {
            if (hasFiles(e.dataTransfer)) {
                e.preventDefault();
                e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
            }
        });
        form.addEventListener('drop', function (e) {
            var files = droppedFiles(e);
            depth = 0;
            form.classList.remove('upload-drop-active');
            if (!files.length) {
                return;
            }
            e.preventDefault();
            if (!busy) {
                addFiles(files, e.target);
            }
        });
        /* a file dropped beside the form must not replace the page */
        document.addEventListener('dragover', function (e) {
            if (hasFiles(e.dataTransfer) && !form.contains(e.target)
                    && !(e.target.localName === 'input' && e.target.type === 'file')) {
                e.preventDefault();
                e.dataTransfer.dropEffect = 'none';
            }
        });
        document.addEventListener('drop', function (e) {
            if (hasFiles(e.dataTransfer) && !form.contains(e.target)
                    && !(e.target.localName === 'input' && e.target.type === 'file')) {
                e.preventDefault();
            }
        });
        window.addEventListener('beforeunload', function (e) {
            if (busy) {
                e.preventDefault();
                e.returnValue = '';
            }
        });

        stop.addEventListener('click', function () {
            stopped = true;
            if (current) {
                current.abort();
            }
        });

        form.addEventListener('submit', function (e) {
            var all = chosen();
            var done = [];
            var refused = [];
            var back = null;
            var news = '';      /* the last file's outcome, said with what comes next */
            var items;
            if (busy) {
                e.preventDefault();
                return;
            }
            if (!all.length || typeof FormData === 'undefined') {
                return;         /* the server says what is missing */
            }
            e.preventDefault();
            items = all.map(item);
            list.replaceChildren.apply(list, items);
            queue.hidden = false;
            stopped = false;
            setBusy(true);
            status.textContent = all.length === 1 ? 'Laster opp 1 fil.' : 'Laster opp ' + all.length + ' filer.';

            function finish() {
                current = null;
                setBusy(false);
                news = news ? news + ' ' : '';
                if (done.length && (!refused.length || keepUploadNotes(refused))) {
                    status.textContent = news + (refused.length ? done.length + ' av ' + all.length + ' filer er lastet opp. '
                        : all.length > 1 ? 'Alle filene er lastet opp. ' : '') + 'Henter listen på nytt …';
                    window.location.assign(back);
                    return;
                }
                if (all.length > 1) {
                    status.textContent = news + (done.length
                        ? done.length + ' av ' + all.length + ' filer er lastet opp. Last siden på nytt for å se dem i listen.'
                        : 'Ingen av filene ble lastet opp. Se hvorfor ved hvert filnavn.');
                }
            }

            function next(i) {
                var c = all[i];
                var li = items[i];
                var box, result, quarter = 0;

                /* not uploaded: why, beside its name */
                function refuse(words) {
                    li.classList.remove('upload-file-active');
                    li.classList.add('upload-file-refused');
                    if (box) {
                        box.root.remove();
                    }
                    result.className = 'upload-file-result field-error';
                    result.textContent = words;
                    news = c.file.name + ' ble ikke lastet opp: ' + words;
                    status.textContent = news;
                    refused.push({ name: c.file.name, why: words });
                    next(i + 1);
                }

                if (i >= all.length) {
                    finish();
                    return;
                }
                result = el('p', { class: 'upload-file-result' });
                li.appendChild(result);
                if (stopped) {
                    refuse('Opplastingen ble avbrutt. Ingenting er lagret.');
                    return;
                }
                box = progressBox(c.file.name);
                li.insertBefore(box.root, result);
                li.classList.add('upload-file-active');
                box.set(0, c.file.size);
                if (all.length > 1) {
                    status.textContent = (news ? news + ' ' : '') + 'Laster opp fil ' + (i + 1) + ' av ' + all.length
                        + ': ' + c.file.name + '.';
                    news = '';
                }
                current = sendFile(form, { tittel1: c.title }, c.file, 'lastet-opp', {
                    progress: function (loaded, total) {
                        var pct = box.set(loaded, total);
                        /* read out in quarters, for a file that takes a while */
                        if (total >= BIG_FILE && pct < 100 && Math.floor(pct / 25) > quarter) {
                            quarter = Math.floor(pct / 25);
                            status.textContent = c.file.name + ': ' + quarter * 25 + ' %.';
                        }
                    },
                    sent: function () {
                        box.set(c.file.size, c.file.size, 'Filen kontrolleres …');
                        if (c.file.size >= BIG_FILE) {
                            status.textContent = c.file.name + ' er sendt og kontrolleres.';
                        }
                    },
                    done: function (url) {
                        li.classList.remove('upload-file-active');
                        li.classList.add('upload-file-ok');
                        box.set(c.file.size, c.file.size);
                        result.textContent = 'Lastet opp.';
                        news = c.file.name + ' er lastet opp.';
                        status.textContent = news;
                        back = url;
                        done.push(c);
                        next(i + 1);
                    },
                    refused: refuse
                });
            }
            next(0);
        });
    }

    /* A replacement (handling=erstatt): the file with a progress bar, and
     * a refusal beside the field instead of a new page. */
    function enhanceReplace(form) {
        var input = form.querySelector('input[type="file"]');
        var submit = form.querySelector('button[type="submit"], button:not([type])');
        /* read out only: the bar and the error are what is seen */
        var status = el('p', { class: 'upload-status visually-hidden', role: 'status', 'aria-live': 'polite' });
        var error = el('p', { class: 'field-error', id: (input.id || 'erstatt-' + (++uploadSeq)) + '-feil', hidden: '' });
        var busy = false;
        if (!submit) {
            return;
        }
        form.insertBefore(error, input);
        form.appendChild(status);
        form.addEventListener('submit', function (e) {
            var file = input.files && input.files[0];
            var box;
            if (busy) {
                e.preventDefault();
                return;
            }
            if (!file || typeof FormData === 'undefined') {
                return;
            }
            e.preventDefault();
            busy = true;
            submit.disabled = true;
            error.hidden = true;
            input.removeAttribute('aria-invalid');
            input.removeAttribute('aria-describedby');
            box = progressBox(file.name);
            form.appendChild(box.root);
            box.set(0, file.size);
            status.textContent = 'Laster opp ' + file.name + '.';
            sendFile(form, {}, file, 'erstattet', {
                progress: function (loaded, total) {
                    box.set(loaded, total);
                },
                sent: function () {
                    box.set(file.size, file.size, 'Filen kontrolleres …');
                },
                done: function (url) {
                    status.textContent = file.name + ' er lastet opp. Henter listen på nytt …';
                    busy = false;
                    window.location.assign(url);
                },
                refused: function (words) {
                    busy = false;
                    submit.disabled = false;
                    box.root.remove();
                    error.textContent = words;
                    error.hidden = false;
                    input.setAttribute('aria-invalid', 'true');
                    input.setAttribute('aria-describedby', error.id);
                    status.textContent = file.name + ' ble ikke lastet opp: ' + words;
                    input.focus();
                }
            });
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
        },
        /* a passage's language tag as the server keeps it, or null */
        langTag: langTag
    });

    function start() {
        document.querySelectorAll('.rich[data-rich-for]').forEach(enhance);
        document.querySelectorAll('form[data-warn-unsaved]').forEach(warnUnsaved);
        document.querySelectorAll('form.upload-form').forEach(enhanceUploads);
        document.querySelectorAll('form[enctype="multipart/form-data"]').forEach(function (f) {
            if (f.querySelector('input[name="handling"][value="erstatt"]') && f.querySelector('input[type="file"]')) {
                enhanceReplace(f);
            }
        });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}());
