/* The HTML sanitizer: hostile bodies neutralised, real pastes kept in
 * shape, output well-formed for xml.c and stable under a second pass. */
#include <string.h>
#include <time.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "tests.h"

Suite *naering_sanitize_suite(void);

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/* CPU seconds a big input may take (CPU, not wall time: a loaded CI
 * machine must not fail it); valgrind is some 50 times slower. */
#define CHECK_SAN_SECONDS (RUNNING_ON_VALGRIND ? 120.0 : 1.0)

static double check_san_cpu(clock_t start)
{
    return (double)(clock() - start) / CLOCKS_PER_SEC;
}

/* ---- helpers ----------------------------------------------------------- */

static const char *check_san_raw(const char *html, apr_size_t len)
{
    const char *out = NULL;
    naering_err *e = naering_sanitize(tp, html, len, &out);

    ck_assert_msg(e == NULL, "sanitize failed: %s", e ? e->msg : "");
    ck_assert_ptr_nonnull(out);
    return out;
}

static const char *check_san(const char *html)
{
    return check_san_raw(html, strlen(html));
}

static int check_san_href_ok(const char *h)
{
    size_t end = strcspn(h, "/?#");
    const char *colon = memchr(h, ':', end);

    if (!colon)
        return h[0] && !(h[0] == '/' && h[1] == '/');
    return (colon - h == 4 && !strncasecmp(h, "http", 4))
        || (colon - h == 5 && !strncasecmp(h, "https", 5))
        || (colon - h == 6 && !strncasecmp(h, "mailto", 6))
        || (colon - h == 3 && !strncasecmp(h, "tel", 3));
}

static int check_san_attr_ok(xmlNodePtr el, xmlAttrPtr a)
{
    const char *e = (const char *)el->name, *n = (const char *)a->name;
    xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
    int ok;

    if (!strcmp(n, "lang") && strcmp(e, "img") && strcmp(e, "br")
        && strcmp(e, "figure") && strcmp(e, "figcaption"))
        ok = naering_lang_tag_ok((const char *)v);
    else if (!strcmp(e, "img"))
        ok = !strcmp(n, "src") || !strcmp(n, "alt") || !strcmp(n, "role");
    else if (!strcmp(e, "a"))
        ok = !strcmp(n, "title")
            || (!strcmp(n, "href") && check_san_href_ok((char *)v));
    else if (!strcmp(e, "td") || !strcmp(e, "th"))
        ok = !strcmp(n, "colspan") || !strcmp(n, "rowspan")
            || (!strcmp(e, "th") && !strcmp(n, "scope"));
    else
        ok = 0;
    xmlFree(v);
    return ok;
}

/* The output's elements; a figure's three only when images are kept. */
static int check_san_allowed(const xmlChar *name, int images)
{
    static const char *const ok[] = {
        "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "br", "a",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "blockquote", "sub", "sup", "span", NULL
    };
    int i;

    for (i = 0; ok[i]; i++)
        if (xmlStrEqual(name, BAD_CAST ok[i]))
            return 1;
    return images && (xmlStrEqual(name, BAD_CAST "figure")
                      || xmlStrEqual(name, BAD_CAST "img")
                      || xmlStrEqual(name, BAD_CAST "figcaption"));
}

/* Walks a parsed output: allowed elements and attributes only; returns
 * the deepest element's depth. */
static int check_san_tree(xmlNodePtr n, int depth, int images)
{
    int max = depth - 1, d;
    xmlAttrPtr a;

    for (; n; n = n->next) {
        ck_assert(n->type == XML_ELEMENT_NODE || n->type == XML_TEXT_NODE);
        if (n->type != XML_ELEMENT_NODE)
            continue;
        ck_assert_msg(check_san_allowed(n->name, images), "element %s",
                      n->name);
        ck_assert(n->ns == NULL && n->nsDef == NULL);
        for (a = n->properties; a; a = a->next)
            ck_assert_msg(check_san_attr_ok(n, a), "attribute %s on %s",
                          a->name, n->name);
        if ((d = check_san_tree(n->children, depth + 1, images)) > max)
            max = d;
    }
    return max;
}

/* Parses out as xml.c does (in a <div>, no DTD), checks it, returns the
 * nesting depth. */
static int check_san_xml_in(const char *out, int images)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr wrap = xmlNewNode(NULL, BAD_CAST "div"), list = NULL;
    int rc, depth = 0;

    xmlDocSetRootElement(doc, wrap);
    if (*out) {
        rc = xmlParseInNodeContext(wrap, out, (int)strlen(out),
                                   XML_PARSE_NONET | XML_PARSE_NOCDATA, &list);
        ck_assert_msg(rc == XML_ERR_OK, "not well-formed: %s", out);
        depth = check_san_tree(list, 1, images);
    }
    xmlFreeNodeList(list);
    xmlFreeDoc(doc);
    return depth;
}

static int check_san_xml(const char *out)
{
    return check_san_xml_in(out, 0);
}

/* strstr ignoring ASCII case. */
static const char *check_san_find(const char *s, const char *needle)
{
    apr_size_t n = strlen(needle);

    for (; *s; s++)
        if (xmlStrncasecmp(BAD_CAST s, BAD_CAST needle, (int)n) == 0)
            return s;
    return NULL;
}

static void check_san_idempotent(const char *out)
{
    ck_assert_str_eq(check_san(out), out);
}

/* Sanitizes and checks what every output must be: allow-list only,
 * well-formed, stable, nothing that runs. */
static const char *check_san_safe(const char *html)
{
    const char *out = check_san(html);

    ck_assert_ptr_null(check_san_find(out, "<script"));
    check_san_xml(out);
    check_san_idempotent(out);
    return out;
}

static void check_san_status(const char *html, apr_size_t len, int status)
{
    const char *out = "unset";
    naering_err *e = naering_sanitize(tp, html, len, &out);

    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->status, status);
    ck_assert_ptr_null(out);
}

#define CHECK_SAN_EQ(html, expected) \
    ck_assert_str_eq(check_san_safe(html), expected)

/* ---- fixtures: real pastes --------------------------------------------- */

static const char check_san_word_heading[] =
    "<p class=MsoNormal><b><span style='font-size:12.0pt;"
    "mso-bidi-font-size:11.0pt'>Overskrift</span></b><o:p></o:p></p>\n"
    "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
    "<p class=MsoNormal>Brødtekst med <i>kursiv</i>.<o:p></o:p></p>";

static const char check_san_word_list[] =
    "<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;"
    "mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:"
    "Symbol'><span style='mso-list:Ignore'>\xc2\xb7<span style='font:7.0pt "
    "\"Times New Roman\"'>&nbsp;&nbsp;&nbsp; </span></span></span>"
    "<![endif]>Første punkt<o:p></o:p></p>\n"
    "<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;"
    "mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:"
    "Ignore'>\xc2\xb7<span>&nbsp; </span></span><![endif]>Andre punkt"
    "<o:p></o:p></p>";

static const char check_san_word_table[] =
    "<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:"
    "collapse'><tr style='mso-yfti-irow:0'><td width=302 valign=top><p "
    "class=MsoNormal><b>Ordning<o:p></o:p></b></p></td><td width=302><p "
    "class=MsoNormal><b>Frist<o:p></o:p></b></p></td></tr><tr><td colspan=2>"
    "<p class=MsoNormal>Etablererstipend<o:p></o:p></p></td></tr></table>";

static const char check_san_word_conditional[] =
    "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View>"
    "</w:WordDocument></xml><![endif]--><!--[if gte vml 1]><v:shape "
    "style='width:100pt'><v:imagedata src=\"file:///C:/x.png\"/></v:shape>"
    "<![endif]--><![if !vml]><img width=133 src=\"file:///C:/x.jpg\">"
    "<![endif]><p class=MsoNormal>Tekst<o:p></o:p></p>";

static const char check_san_libreoffice[] =
    "<meta name=\"generator\" content=\"LibreOffice 7.3\"/><style type=\""
    "text/css\">p { margin-bottom: 0.25cm }</style>"
    "<h2 class=\"western\">Strategisk næringsplan</h2>\n"
    "<p style=\"margin-bottom: 0.25cm; line-height: 115%\"><font face=\""
    "Liberation Serif\">Kommunen vil <b>styrke</b> samarbeidet.</font></p>\n"
    "<p style=\"margin-bottom: 0cm; line-height: 100%\"><br/></p>";

static const char check_san_gdocs[] =
    "<meta charset=\"utf-8\"><b style=\"font-weight:normal;\" id=\""
    "docs-internal-guid-4f2a9b1c-7fff-1a2b\"><p dir=\"ltr\" style=\""
    "line-height:1.38;margin-top:0pt;\"><span style=\"font-size:11pt;"
    "font-family:Arial;font-weight:700;font-style:normal;\">Fet</span><span "
    "style=\"font-size:11pt;font-weight:400;font-style:normal;\"> og </span>"
    "<span style=\"font-weight:400;font-style:italic;\">kursiv</span></p>"
    "</b><br class=\"Apple-interchange-newline\">";

static const char *const check_san_fixtures[] = {
    check_san_word_heading, check_san_word_list, check_san_word_table,
    check_san_word_conditional, check_san_libreoffice, check_san_gdocs,
    "<table><tr><th scope=col colspan=2>a</th></tr><tr><td rowspan=3>b"
    "</td><td>c</td></tr></table>",
    "<ul><li>a</li><ul><li>b</li></ul><li>c<ol><li>d</li></ol></li></ul>",
    "<div><p>a<b>b<i>c<p>d<ul><li>e<li>f<table><tr><td>g<td>h</table></ul>"
    "<h5>j<h6>k</h6></h5><blockquote>l<blockquote>m</blockquote>",
    "<strong>a<p>b</p>c</strong><a href=/x>t<h3>h</h3></a>",
    "<table>tekst<caption>sen</caption><li>punkt</li><td>celle</td><tbody>"
    "<p>para</p></tbody></table><tr><td>utenfor</td></tr><li>løs</li>",
    "<h2><p>i overskrift</p><ul><li>liste</li></ul></h2><caption>c</caption>",
    "<p>x <a href=\"https://a.no/?a=1&amp;b=2\" title=\" t \">l</a> "
    "&lt;&amp;&gt;&quot; &aring;&nbsp;</p>",
    "<![CDATA[<script>alert(1)</script>]]><!--[if IE]><p>x</p><![endif]-->",
    "<p>&lt;![if x<span></span>]&gt;</p>",
};

#define CHECK_SAN_NFIXTURES \
    ((int)(sizeof(check_san_fixtures) / sizeof(check_san_fixtures[0])))

/* ---- hostile: scripts -------------------------------------------------- */

START_TEST(script_element_dropped)
{
    CHECK_SAN_EQ("<p>a</p><script>alert(1)</script>", "<p>a</p>");
}
END_TEST

START_TEST(script_mixed_case_dropped)
{
    CHECK_SAN_EQ("<ScRiPt>alert(1)</ScRiPt>x", "<p>x</p>");
}
END_TEST

START_TEST(script_slash_src_dropped)
{
    CHECK_SAN_EQ("<script/src=\"//evil.example/x.js\"></script>x",
                 "<p>x</p>");
}
END_TEST

START_TEST(script_split_name_is_text)
{
    CHECK_SAN_EQ("<scr<script>alert(1)</script>ipt>alert(2)</script>",
                 "<p>alert(1)ipt&gt;alert(2)</p>");
}
END_TEST

START_TEST(script_in_attribute_dropped)
{
    CHECK_SAN_EQ("<p title=\"<script>alert(1)</script>\">x</p>", "<p>x</p>");
}
END_TEST

START_TEST(textarea_script_dropped)
{
    CHECK_SAN_EQ("<textarea><script>alert(1)</script></textarea>x",
                 "<p>x</p>");
}
END_TEST

/* ---- hostile: event handlers and styles -------------------------------- */

START_TEST(img_onerror_dropped)
{
    CHECK_SAN_EQ("<img src=x onerror=alert(1)>ok", "<p>ok</p>");
}
END_TEST

START_TEST(onclick_on_kept_element_dropped)
{
    CHECK_SAN_EQ("<p onclick=\"alert(1)\" ONMOUSEOVER=x>t</p>", "<p>t</p>");
}
END_TEST

START_TEST(onclick_on_link_dropped)
{
    CHECK_SAN_EQ("<a href=\"/x\" onclick=\"alert(1)\">t</a>",
                 "<p><a href=\"/x\">t</a></p>");
}
END_TEST

START_TEST(style_attribute_expression_dropped)
{
    CHECK_SAN_EQ("<p style=\"width:expression(alert(1));background:url("
                 "javascript:alert(2))\">t</p>", "<p>t</p>");
}
END_TEST

START_TEST(style_element_dropped)
{
    CHECK_SAN_EQ("<style>p{background:url(javascript:alert(1))}</style>x",
                 "<p>x</p>");
}
END_TEST

/* ---- hostile: hrefs ---------------------------------------------------- */

START_TEST(href_javascript_keeps_text)
{
    CHECK_SAN_EQ("<a href=\"javascript:alert(1)\">klikk</a>",
                 "<p>klikk</p>");
}
END_TEST

START_TEST(href_decimal_entity)
{
    CHECK_SAN_EQ("<a href=\"&#106;avascript:alert(1)\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_hex_entity)
{
    CHECK_SAN_EQ("<a href=\"&#x6A;avascript:alert(1)\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_entity_without_semicolon)
{
    CHECK_SAN_EQ("<a href=\"&#106avascript:alert(1)\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_tab_inside_scheme)
{
    CHECK_SAN_EQ("<a href=\"java&#x09;script:alert(1)\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_newline_inside_scheme)
{
    CHECK_SAN_EQ("<a href=\"java\nscript:alert(1)\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_leading_whitespace)
{
    CHECK_SAN_EQ("<a href=\"  \n\t javascript:alert(1)\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_mixed_case)
{
    CHECK_SAN_EQ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_html5_entity_colon)
{
    /* &colon; is unknown to libxml2 but not to browsers */
    CHECK_SAN_EQ("<a href=\"javascript&colon;alert(1)\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_data_url)
{
    CHECK_SAN_EQ("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>",
                 "<p>x</p>");
}
END_TEST

START_TEST(href_vbscript)
{
    CHECK_SAN_EQ("<a href=\"vbscript:msgbox(1)\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_file)
{
    CHECK_SAN_EQ("<a href=\"file:///etc/passwd\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_protocol_relative)
{
    CHECK_SAN_EQ("<a href=\"//evil.example/\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(href_backslash_relative)
{
    CHECK_SAN_EQ("<a href=\"/\\evil.example/\">x</a>", "<p>x</p>");
}
END_TEST

START_TEST(nested_link_unwrapped)
{
    CHECK_SAN_EQ("<a href=\"/a\">x<span><a href=\"/b\">y</a></span></a>",
                 "<p><a href=\"/a\">xy</a></p>");
}
END_TEST

/* ---- hostile: embedding ------------------------------------------------ */

START_TEST(svg_onload_dropped)
{
    CHECK_SAN_EQ("<svg onload=alert(1)><p>x</p><script>alert(2)</script>"
                 "</svg>y", "<p>y</p>");
}
END_TEST

START_TEST(math_dropped)
{
    CHECK_SAN_EQ("<math><mtext><a href=\"javascript:alert(1)\">m</a></mtext>"
                 "</math>y", "<p>y</p>");
}
END_TEST

START_TEST(iframe_srcdoc_dropped)
{
    CHECK_SAN_EQ("<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\">"
                 "</iframe>y", "<p>y</p>");
}
END_TEST

START_TEST(object_embed_applet_dropped)
{
    CHECK_SAN_EQ("<object data=x.swf><param name=a value=b>fallback</object>"
                 "<embed src=x.swf><applet code=x>a</applet>y", "<p>y</p>");
}
END_TEST

/* libxml2 2.9 does not know embed is void: what follows must survive. */
START_TEST(embed_keeps_what_follows)
{
    CHECK_SAN_EQ("<embed src=x.swf onload=alert(1)><p>etter</p>",
                 "<p>etter</p>");
}
END_TEST

START_TEST(base_href_dropped)
{
    CHECK_SAN_EQ("<base href=\"https://evil.example/\"><a href=\"x\">y</a>",
                 "<p><a href=\"x\">y</a></p>");
}
END_TEST

START_TEST(meta_refresh_dropped)
{
    CHECK_SAN_EQ("<meta http-equiv=\"refresh\" content=\"0;url=javascript:"
                 "alert(1)\">y", "<p>y</p>");
}
END_TEST

START_TEST(form_and_input_dropped)
{
    CHECK_SAN_EQ("<form action=\"https://evil.example\"><input name=q>"
                 "<button>Send</button>inni</form>y", "<p>y</p>");
}
END_TEST

START_TEST(template_dropped)
{
    CHECK_SAN_EQ("<template><p>mal</p></template>y", "<p>y</p>");
}
END_TEST

START_TEST(noscript_title_trick)
{
    CHECK_SAN_EQ("<noscript><p title=\"</noscript><img src=x "
                 "onerror=alert(1)>\"></noscript>", "");
}
END_TEST

START_TEST(link_title_frameset_dropped)
{
    CHECK_SAN_EQ("<link rel=stylesheet href=x.css><title>t</title><frameset>"
                 "<frame src=x></frameset>y", "<p>y</p>");
}
END_TEST

/* ---- hostile: comments, CDATA, broken markup --------------------------- */

START_TEST(comment_dropped)
{
    CHECK_SAN_EQ("<!-- <script>alert(1)</script> -->x<!-- y", "<p>x</p>");
}
END_TEST

START_TEST(cdata_is_text)
{
    const char *out = check_san_safe("<![CDATA[<script>alert(1)</script>]]>");

    ck_assert_ptr_null(strstr(out, "alert(1)"));
}
END_TEST

START_TEST(conditional_comment_dropped)
{
    CHECK_SAN_EQ("<!--[if IE]><script>alert(1)</script><![endif]-->"
                 "<!--[if gte mso 9]><xml><w:x/></xml><![endif]-->x",
                 "<p>x</p>");
}
END_TEST

START_TEST(processing_instruction_dropped)
{
    CHECK_SAN_EQ("<?xml-stylesheet href=\"x\"?><!DOCTYPE html><p>x</p>",
                 "<p>x</p>");
}
END_TEST

START_TEST(unclosed_tags_closed)
{
    CHECK_SAN_EQ("<p><b><i>x<p>y", "<p><strong><em>x</em></strong></p>"
                 "<p>y</p>");
}
END_TEST

START_TEST(meta_charset_ignored)
{
    CHECK_SAN_EQ("<meta charset=\"iso-8859-1\"><p>æøå</p>", "<p>æøå</p>");
}
END_TEST

START_TEST(control_characters_removed)
{
    CHECK_SAN_EQ("<p>a\x01" "b\x0b" "c&#1;d\xc2\x85" "e\xef\xbf\xbf</p>",
                 "<p>abcde</p>");
}
END_TEST

START_TEST(markup_in_text_escaped)
{
    CHECK_SAN_EQ("<p>&lt;script&gt; &amp; \"q\"</p>",
                 "<p>&lt;script&gt; &amp; &quot;q&quot;</p>");
}
END_TEST

/* ---- invalid input ----------------------------------------------------- */

START_TEST(utf8_overlong_rejected)
{
    check_san_status("<p>\xc0\xaf</p>", 9, 400);
}
END_TEST

START_TEST(utf8_lone_continuation_rejected)
{
    check_san_status("<p>\x80</p>", 8, 400);
}
END_TEST

START_TEST(utf8_surrogate_rejected)
{
    check_san_status("<p>\xed\xa0\x80</p>", 10, 400);
}
END_TEST

START_TEST(utf8_f5_rejected)
{
    check_san_status("<p>\xf5\x80\x80\x80</p>", 11, 400);
}
END_TEST

START_TEST(utf8_above_max_rejected)
{
    check_san_status("\xf4\x90\x80\x80", 4, 400);
}
END_TEST

START_TEST(utf8_truncated_rejected)
{
    check_san_status("<p>\xe2\x82", 5, 400);
}
END_TEST

START_TEST(nul_rejected)
{
    check_san_status("<p>a\0b</p>", 10, 400);
}
END_TEST

START_TEST(utf8_valid_accepts_all_planes)
{
    const char *s = "a\xc3\xa6\xe2\x82\xac\xf0\x9d\x84\x9e\xf4\x8f\xbf\xbf";

    ck_assert_int_eq(naering_utf8_valid(s, strlen(s)), 1);
}
END_TEST

START_TEST(empty_input_is_empty)
{
    ck_assert_str_eq(check_san_raw(NULL, 0), "");
}
END_TEST

START_TEST(whitespace_input_is_empty)
{
    CHECK_SAN_EQ(" \n\t <p> &nbsp; </p> <div></div>", "");
}
END_TEST

/* ---- structure from real pastes ---------------------------------------- */

START_TEST(word_heading_paragraph)
{
    CHECK_SAN_EQ(check_san_word_heading, "<p><strong>Overskrift</strong></p>"
                 "<p>Brødtekst med <em>kursiv</em>.</p>");
}
END_TEST

START_TEST(word_list_paragraphs_become_list)
{
    CHECK_SAN_EQ(check_san_word_list,
                 "<ul><li>Første punkt</li><li>Andre punkt</li></ul>");
}
END_TEST

START_TEST(word_table_kept)
{
    CHECK_SAN_EQ(check_san_word_table, "<table><tr><td><p><strong>Ordning"
                 "</strong></p></td><td><p><strong>Frist</strong></p></td>"
                 "</tr><tr><td colspan=\"2\"><p>Etablererstipend</p></td>"
                 "</tr></table>");
}
END_TEST

START_TEST(word_conditional_markers_removed)
{
    CHECK_SAN_EQ(check_san_word_conditional, "<p>Tekst</p>");
}
END_TEST

START_TEST(libreoffice_heading_and_paragraph)
{
    CHECK_SAN_EQ(check_san_libreoffice, "<h2>Strategisk næringsplan</h2>"
                 "<p>Kommunen vil <strong>styrke</strong> samarbeidet.</p>");
}
END_TEST

START_TEST(gdocs_wrapper_unwrapped_spans_mapped)
{
    CHECK_SAN_EQ(check_san_gdocs,
                 "<p><strong>Fet</strong> og <em>kursiv</em></p>");
}
END_TEST

START_TEST(gdocs_wrapper_without_paragraphs_not_bold)
{
    CHECK_SAN_EQ("<b style=\"font-weight:normal;\" id=\"docs-internal-guid-1"
                 "\">bare tekst</b>", "<p>bare tekst</p>");
}
END_TEST

START_TEST(span_bold_italic_both)
{
    CHECK_SAN_EQ("<span style=\"FONT-WEIGHT: bold !important; font-style: "
                 "italic\">x</span>", "<p><strong><em>x</em></strong></p>");
}
END_TEST

START_TEST(element_mapping)
{
    CHECK_SAN_EQ("<h1>a</h1><h5>b</h5><h6>c</h6><p><b>d</b><i>e</i><sub>f"
                 "</sub><sup>g</sup></p>", "<h2>a</h2><h4>b</h4><h4>c</h4>"
                 "<p><strong>d</strong><em>e</em><sub>f</sub><sup>g</sup>"
                 "</p>");
}
END_TEST

START_TEST(table_attributes_kept)
{
    CHECK_SAN_EQ("<table border=1><caption>Frister</caption><thead><tr>"
                 "<th scope=COL colspan=2 class=x>a</th></tr></thead><tbody>"
                 "<tr><td rowspan=\"3\" width=10>b</td></tr></tbody></table>",
                 "<table><caption>Frister</caption><thead><tr><th colspan=\"2"
                 "\" scope=\"col\">a</th></tr></thead><tbody><tr><td rowspan="
                 "\"3\">b</td></tr></tbody></table>");
}
END_TEST

START_TEST(table_bad_spans_dropped)
{
    CHECK_SAN_EQ("<table><tr><td colspan=0>a</td><td colspan=101>b</td>"
                 "<td rowspan=2x>c</td><th scope=all>d</th></tr></table>",
                 "<table><tr><td>a</td><td>b</td><td>c</td><th>d</th></tr>"
                 "</table>");
}
END_TEST

START_TEST(lists_kept)
{
    CHECK_SAN_EQ("<ol><li>a</li><li>b<ul><li>c</li></ul></li></ol>",
                 "<ol><li>a</li><li>b<ul><li>c</li></ul></li></ol>");
}
END_TEST

START_TEST(stray_li_wrapped_in_ul)
{
    CHECK_SAN_EQ("<p>x</p><li>a</li> <li>b</li>",
                 "<p>x</p><ul><li>a</li><li>b</li></ul>");
}
END_TEST

START_TEST(list_in_list_joins_previous_item)
{
    CHECK_SAN_EQ("<ul><li>a</li><ul><li>b</li></ul></ul>",
                 "<ul><li>a<ul><li>b</li></ul></li></ul>");
}
END_TEST

START_TEST(links_allowed_schemes_kept)
{
    CHECK_SAN_EQ("<a href=\"http://a.no\">1</a><a href=\"HTTPS://b.no/x?y=1"
                 "&amp;z=2#f\">2</a><a href=\"mailto:x@y.no\">3</a><a href=\""
                 "tel:+4712345678\">4</a><a href=\"../side\">5</a><a href=\""
                 "#anker\">6</a>", "<p><a href=\"http://a.no\">1</a><a href=\""
                 "HTTPS://b.no/x?y=1&amp;z=2#f\">2</a><a href=\"mailto:x@y.no"
                 "\">3</a><a href=\"tel:+4712345678\">4</a><a href=\"../side"
                 "\">5</a><a href=\"#anker\">6</a></p>");
}
END_TEST

START_TEST(link_title_kept_target_dropped)
{
    CHECK_SAN_EQ("<a href=\" /x \" title=\" Les\n mer \" target=_blank rel=x>"
                 "y</a>", "<p><a href=\"/x\" title=\"Les mer\">y</a></p>");
}
END_TEST

START_TEST(div_ends_paragraph)
{
    CHECK_SAN_EQ("<div>linje 1</div><div>linje 2</div>",
                 "<p>linje 1</p><p>linje 2</p>");
}
END_TEST

START_TEST(div_in_cell_becomes_line_break)
{
    CHECK_SAN_EQ("<table><tr><td><div>a</div><div>b</div></td></tr></table>",
                 "<table><tr><td>a<br/>b</td></tr></table>");
}
END_TEST

START_TEST(top_level_text_wrapped)
{
    CHECK_SAN_EQ("hei <b>du</b> der<h2>x</h2>etter",
                 "<p>hei <strong>du</strong> der</p><h2>x</h2><p>etter</p>");
}
END_TEST

START_TEST(block_in_inline_lifted)
{
    CHECK_SAN_EQ("<strong>a<p>b</p>c</strong>", "<p><strong>a</strong></p>"
                 "<p><strong>b</strong></p><p><strong>c</strong></p>");
}
END_TEST

START_TEST(heading_in_link_keeps_link)
{
    CHECK_SAN_EQ("<a href=\"/x\"><h3>Tittel</h3></a>",
                 "<h3><a href=\"/x\">Tittel</a></h3>");
}
END_TEST

START_TEST(no_paragraph_in_paragraph)
{
    const char *out = check_san_safe("<p>a<o:p>b</o:p><span><p>c</p></span>"
                                     "</p>");

    ck_assert_ptr_null(strstr(out, "<p><p>"));
    ck_assert_str_eq(out, "<p>a</p><p>b</p><p>c</p>");
}
END_TEST

START_TEST(block_in_heading_flattened)
{
    CHECK_SAN_EQ("<h2>a<h3>b</h3></h2>", "<h2>a<br/>b</h2>");
}
END_TEST

START_TEST(empty_paragraphs_dropped)
{
    CHECK_SAN_EQ("<p>a</p><p>&nbsp;</p><p> </p><p><br></p><p><b>&nbsp;</b>"
                 "</p><p>b<br><br></p>", "<p>a</p><p>b</p>");
}
END_TEST

START_TEST(invisible_only_paragraphs_dropped)
{
    CHECK_SAN_EQ("<p>&#x200B;</p><p>&#xFEFF;&shy;</p><p>a&#x200B;b</p>",
                 "<p>a\xe2\x80\x8b" "b</p>");
}
END_TEST

START_TEST(whitespace_collapsed)
{
    CHECK_SAN_EQ("<p>\n  a \t\r\n b  <b> c </b>  d\n</p>",
                 "<p>a b <strong> c </strong> d</p>");
}
END_TEST

START_TEST(entities_become_utf8)
{
    CHECK_SAN_EQ("<p>&aelig;&oslash;&aring; &AElig;&Oslash;&Aring; &euro;"
                 "&#x2013;</p>", "<p>æøå ÆØÅ €–</p>");
}
END_TEST

START_TEST(nbsp_becomes_u00a0)
{
    CHECK_SAN_EQ("<p>10&nbsp;kr</p>", "<p>10\xc2\xa0kr</p>");
}
END_TEST

/* ---- round trip and limits --------------------------------------------- */

START_TEST(fixture_idempotent)
{
    check_san_idempotent(check_san(check_san_fixtures[_i]));
}
END_TEST

START_TEST(fixture_well_formed_in_div)
{
    check_san_xml(check_san(check_san_fixtures[_i]));
}
END_TEST

/* Found by the fuzzer: Word's <![if]> markers were once removed from text,
 * so text split differently on the second pass came out differently. */
START_TEST(fuzz_marker_text_idempotent)
{
    CHECK_SAN_EQ("<p>&lt;![if x<span></span>]&gt;</p>",
                 "<p>&lt;![if x]&gt;</p>");
}
END_TEST

/* Found by the fuzzer (minimised: <a href=U+FFFE>&): U+FFFE in an href
 * reached the output, and xml.c's parser refused the body. */
START_TEST(fuzz_href_noncharacter_removed)
{
    CHECK_SAN_EQ("<a href=\"/a\xef\xbf\xbe\xc2\x85" "b\">&amp;</a>",
                 "<p><a href=\"/ab\">&amp;</a></p>");
}
END_TEST

START_TEST(fuzz_href_only_noncharacter)
{
    CHECK_SAN_EQ("<a href=\xef\xbf\xbe>&", "<p>&amp;</p>");
}
END_TEST

/* Found with the parser-halt check: U+FFFE in an attribute made libxml2
 * give up the whole parse, dropping everything after it. */
START_TEST(fuzz_noncharacter_does_not_stop_parse)
{
    CHECK_SAN_EQ("<p title=\"a\xef\xbf\xbe\">x</p><!-- \xef\xbf\xbf --><p>y"
                 "</p>", "<p>x</p><p>y</p>");
}
END_TEST

/* Found by the fuzzer: a tag name that is no XML QName is a fatal error
 * to libxml2, which without recovery dropped everything after it. */
START_TEST(fuzz_bad_prefixed_name_does_not_stop_parse)
{
    CHECK_SAN_EQ("<p>før</p><tdnt-size:11pt>x</tdnt-size:11pt><a:1>y</a:1>"
                 "<p>etter</p>", "<p>før</p><p>xy</p><p>etter</p>");
}
END_TEST

static char *check_san_repeat(const char *open, const char *mid,
                              const char *close, int n)
{
    apr_size_t lo = strlen(open), lm = strlen(mid), lc = strlen(close);
    char *s = apr_palloc(tp, (lo + lc) * (apr_size_t)n + lm + 1), *d = s;
    int i;

    for (i = 0; i < n; i++, d += lo)
        memcpy(d, open, lo);
    memcpy(d, mid, lm);
    d += lm;
    for (i = 0; i < n; i++, d += lc)
        memcpy(d, close, lc);
    *d = '\0';
    return s;
}

static void check_san_quick(const char *html)
{
    clock_t start = clock();
    const char *out = check_san(html);

    ck_assert(check_san_cpu(start) < CHECK_SAN_SECONDS);
    ck_assert_int_le(check_san_xml(out), 100);
}

/* Deeper than libxml2 goes (256): refused at once, never cut short. */
static void check_san_too_deep(const char *html)
{
    clock_t start = clock();

    check_san_status(html, strlen(html), 400);
    ck_assert(check_san_cpu(start) < CHECK_SAN_SECONDS);
}

START_TEST(deep_divs_10000_refused)
{
    check_san_too_deep(check_san_repeat("<div>", "x", "</div>", 10000));
}
END_TEST

START_TEST(deep_bold_10000_refused)
{
    check_san_too_deep(check_san_repeat("<b><i>", "x", "</i></b>", 5000));
}
END_TEST

START_TEST(deep_lists_10000_refused)
{
    check_san_too_deep(check_san_repeat("<ul><li>x", "y", "</li></ul>",
                                        5000));
}
END_TEST

START_TEST(deep_unclosed_10000_refused)
{
    check_san_too_deep(check_san_repeat("<span>", "x", "", 10000));
}
END_TEST

/* Within libxml2's depth everything is kept, flattened past 100. */
START_TEST(deep_250_kept_before_and_after)
{
    const char *body = apr_pstrcat(tp, "<p>FOER</p>", check_san_repeat(
        "<div>", "DYPT", "</div>", 250), "<p>ETTER</p>", NULL);
    const char *out = check_san_safe(body);

    ck_assert_str_eq(out, "<p>FOER</p><p>DYPT</p><p>ETTER</p>");
}
END_TEST

START_TEST(deep_bold_120_flattened)
{
    const char *out = check_san_safe(check_san_repeat("<b><i>", "x",
                                                      "</i></b>", 120));

    ck_assert_ptr_nonnull(strstr(out, "x"));
    ck_assert_int_le(check_san_xml(out), 100);
}
END_TEST

START_TEST(deep_blockquotes_flattened)
{
    const char *out = check_san_safe(check_san_repeat("<blockquote>", "bunn",
                                                      "</blockquote>", 150));

    ck_assert_ptr_nonnull(strstr(out, "bunn"));
    ck_assert_int_le(check_san_xml(out), 100);
}
END_TEST

START_TEST(deep_tables_flattened)
{
    const char *out = check_san_safe(check_san_repeat(
        "<table><tr><td>", "bunn", "</td></tr></table>", 80));

    ck_assert_ptr_nonnull(strstr(out, "bunn"));
    ck_assert_int_le(check_san_xml(out), 100);
}
END_TEST

START_TEST(one_megabyte_word_paste)
{
    const char *parts[] = {check_san_word_heading, check_san_word_list,
                           check_san_word_table, check_san_gdocs};
    apr_size_t size = 1024 * 1024, len = 0, n;
    char *s = apr_palloc(tp, size + 1);
    int i;

    for (i = 0; len + (n = strlen(parts[i % 4])) <= size; i++, len += n)
        memcpy(s + len, parts[i % 4], n);
    s[len] = '\0';
    check_san_quick(s);
}
END_TEST

START_TEST(one_megabyte_of_elements)
{
    check_san_quick(check_san_repeat("<li>x", "", "", 200000));
}
END_TEST

/* ---- images: naering_sanitize_site ------------------------------------- */

#define CHECK_SITE_IMAGES "/bilder"

/* Sanitized keeping images under images; checked like every output
 * (allow-list, well-formed, at most 100 deep, stable under a second pass
 * the same way). */
static const char *check_site_in(const char *html, const char *images)
{
    const char *out = NULL, *again = NULL;
    naering_err *e = naering_sanitize_site(tp, html, strlen(html), images,
                                           &out);

    ck_assert_msg(e == NULL, "sanitize failed: %s", e ? e->msg : "");
    ck_assert_int_le(check_san_xml_in(out, images != NULL), 100);
    e = naering_sanitize_site(tp, out, strlen(out), images, &again);
    ck_assert_ptr_null(e);
    ck_assert_str_eq(again, out);
    return out;
}

static const char *check_site(const char *html)
{
    return check_site_in(html, CHECK_SITE_IMAGES);
}

#define CHECK_SITE_EQ(html, expected) \
    ck_assert_str_eq(check_site(html), expected)

/* An img with src that is not one of the site's images: gone, and its alt
 * text with it. */
static void check_site_refused(const char *src)
{
    const char *html = apr_psprintf(tp, "<p>før<img src=\"%s\" alt=\"HEMMELIG"
                                    "\">etter</p>", src);

    ck_assert_str_eq(check_site(html), "<p>føretter</p>");
}

static char *check_site_times(const char *s, int n)
{
    return check_san_repeat(s, "", "", n);
}

/* ---- images: the src ---------------------------------------------------- */

START_TEST(site_src_exact)
{
    CHECK_SITE_EQ("<img src=\"/bilder/12\" alt=\"Kart over Agder\">",
                  "<figure><img src=\"/bilder/12\" alt=\"Kart over Agder\"/>"
                  "</figure>");
}
END_TEST

START_TEST(site_src_variant_path_normalised)
{
    CHECK_SITE_EQ("<img src=\"/bilder/12/stor/kart.jpg\" alt=\"k\">",
                  "<figure><img src=\"/bilder/12\" alt=\"k\"/></figure>");
}
END_TEST

START_TEST(site_src_trailing_slash_normalised)
{
    CHECK_SITE_EQ("<img src=\"/bilder/12/\" alt=\"k\">",
                  "<figure><img src=\"/bilder/12\" alt=\"k\"/></figure>");
}
END_TEST

START_TEST(site_src_query_normalised)
{
    CHECK_SITE_EQ("<img src=\"/bilder/12?w=300&amp;h=200\" alt=\"k\">",
                  "<figure><img src=\"/bilder/12\" alt=\"k\"/></figure>");
}
END_TEST

START_TEST(site_src_spaces_around_ignored)
{
    CHECK_SITE_EQ("<img src=\" \n/bilder/12\t \" alt=\"k\">",
                  "<figure><img src=\"/bilder/12\" alt=\"k\"/></figure>");
}
END_TEST

START_TEST(site_src_character_reference_decoded)
{
    CHECK_SITE_EQ("<img src=\"&#47;bilder&#x2F;12\" alt=\"k\">",
                  "<figure><img src=\"/bilder/12\" alt=\"k\"/></figure>");
}
END_TEST

START_TEST(site_src_largest_id)
{
    CHECK_SITE_EQ("<img src=\"/bilder/9007199254740991\" alt=\"k\">",
                  "<figure><img src=\"/bilder/9007199254740991\" alt=\"k\"/>"
                  "</figure>");
}
END_TEST

START_TEST(site_src_dot_segments_after_id_normalised)
{
    /* whatever follows the id is thrown away, escapes included */
    CHECK_SITE_EQ("<img src=\"/bilder/3/%2e%2e/%2e%2e/admin\" alt=\"k\">",
                  "<figure><img src=\"/bilder/3\" alt=\"k\"/></figure>");
}
END_TEST

START_TEST(site_src_https_refused)
{
    check_site_refused("https://evil.example/bilder/1");
}
END_TEST

START_TEST(site_src_http_same_path_refused)
{
    check_site_refused("http://localhost/bilder/1");
}
END_TEST

START_TEST(site_src_protocol_relative_refused)
{
    check_site_refused("//evil.example/bilder/1");
}
END_TEST

START_TEST(site_src_data_refused)
{
    check_site_refused("data:image/png;base64,iVBORw0KGgo=");
}
END_TEST

START_TEST(site_src_javascript_refused)
{
    check_site_refused("javascript:alert(1)//bilder/1");
}
END_TEST

START_TEST(site_src_longer_prefix_refused)
{
    check_site_refused("/bilderx/1");
}
END_TEST

START_TEST(site_src_prefix_alone_refused)
{
    check_site_refused("/bilder");
}
END_TEST

START_TEST(site_src_prefix_slash_refused)
{
    check_site_refused("/bilder/");
}
END_TEST

START_TEST(site_src_double_slash_refused)
{
    check_site_refused("/bilder//1");
}
END_TEST

START_TEST(site_src_zero_refused)
{
    check_site_refused("/bilder/0");
}
END_TEST

START_TEST(site_src_leading_zero_refused)
{
    check_site_refused("/bilder/01");
}
END_TEST

START_TEST(site_src_letters_after_id_refused)
{
    check_site_refused("/bilder/1abc");
}
END_TEST

START_TEST(site_src_letters_refused)
{
    check_site_refused("/bilder/abc");
}
END_TEST

START_TEST(site_src_negative_refused)
{
    check_site_refused("/bilder/-1");
}
END_TEST

START_TEST(site_src_too_large_refused)
{
    check_site_refused("/bilder/9007199254740992");
}
END_TEST

START_TEST(site_src_twenty_digits_refused)
{
    check_site_refused("/bilder/99999999999999999999");
}
END_TEST

START_TEST(site_src_relative_refused)
{
    check_site_refused("bilder/1");
}
END_TEST

START_TEST(site_src_dot_relative_refused)
{
    check_site_refused("./bilder/1");
}
END_TEST

START_TEST(site_src_percent_escaped_id_refused)
{
    check_site_refused("/bilder/%31");
}
END_TEST

START_TEST(site_src_percent_escaped_prefix_refused)
{
    check_site_refused("/%62ilder/1");
}
END_TEST

START_TEST(site_src_escaped_dot_segments_refused)
{
    check_site_refused("/bilder/%2e%2e/sider/1");
}
END_TEST

START_TEST(site_src_upper_case_refused)
{
    check_site_refused("/BILDER/1");
}
END_TEST

START_TEST(site_src_backslash_refused)
{
    check_site_refused("/bilder\\1");
}
END_TEST

START_TEST(site_src_fragment_refused)
{
    check_site_refused("/bilder/1#x");
}
END_TEST

START_TEST(site_src_missing_refused)
{
    CHECK_SITE_EQ("<p>før<img alt=\"HEMMELIG\">etter</p>", "<p>føretter</p>");
}
END_TEST

START_TEST(site_null_images_keeps_none)
{
    ck_assert_str_eq(check_site_in("<figure><img src=\"/bilder/1\" alt=\"k\">"
                                   "<figcaption>Foto</figcaption></figure>",
                                   NULL), "<p>Foto</p>");
}
END_TEST

START_TEST(site_empty_images_keeps_none)
{
    ck_assert_str_eq(check_site_in("<p>a<img src=\"/1\" alt=\"k\">b</p>", ""),
                     "<p>ab</p>");
}
END_TEST

START_TEST(site_sanitize_is_site_without_images)
{
    int i;

    for (i = 0; i < CHECK_SAN_NFIXTURES; i++)
        ck_assert_str_eq(check_san(check_san_fixtures[i]),
                         check_site_in(check_san_fixtures[i], NULL));
}
END_TEST

START_TEST(site_mount_point_kept)
{
    ck_assert_str_eq(check_site_in("<img src=\"/site/bilder/3?w=1\" alt=\"k"
                                   "\">", "/site/bilder"),
                     "<figure><img src=\"/site/bilder/3\" alt=\"k\"/>"
                     "</figure>");
}
END_TEST

START_TEST(site_mount_point_refuses_root_images)
{
    ck_assert_str_eq(check_site_in("<p>a<img src=\"/bilder/3\" alt=\"k\">b"
                                   "</p>", "/site/bilder"), "<p>ab</p>");
}
END_TEST

START_TEST(site_mount_point_refuses_other_site)
{
    ck_assert_str_eq(check_site_in("<p>a<img src=\"/site2/bilder/3\" alt=\"k"
                                   "\">b</p>", "/site/bilder"), "<p>ab</p>");
}
END_TEST

/* ---- images: attributes ------------------------------------------------ */

START_TEST(site_other_attributes_dropped)
{
    CHECK_SITE_EQ("<img id=i class=c title=t width=300 height=200 style=\""
                  "float:left\" srcset=\"/bilder/1?w=600 2x\" sizes=50vw "
                  "loading=lazy data-x=y onerror=\"alert(1)\" onload=x "
                  "usemap=#m ismap src=\"/bilder/1\" alt=\"k\">",
                  "<figure><img src=\"/bilder/1\" alt=\"k\"/></figure>");
}
END_TEST

START_TEST(site_attribute_order_fixed)
{
    CHECK_SITE_EQ("<img role=\"presentation\" alt=\"\" src=\"/bilder/1\">",
                  "<figure><img src=\"/bilder/1\" alt=\"\" role=\""
                  "presentation\"/></figure>");
}
END_TEST

START_TEST(site_alt_missing_left_out)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\">",
                  "<figure><img src=\"/bilder/1\"/></figure>");
}
END_TEST

START_TEST(site_alt_empty_presentation_decorative)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\" alt=\"\" role=\"presentation\">",
                  "<figure><img src=\"/bilder/1\" alt=\"\" role=\""
                  "presentation\"/></figure>");
}
END_TEST

START_TEST(site_alt_blank_presentation_any_case_decorative)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\" alt=\" \n \" role=\" PRESENTATION"
                  " \">", "<figure><img src=\"/bilder/1\" alt=\"\" role=\""
                  "presentation\"/></figure>");
}
END_TEST

START_TEST(site_alt_empty_without_role_left_out)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\" alt=\"\">",
                  "<figure><img src=\"/bilder/1\"/></figure>");
}
END_TEST

START_TEST(site_alt_empty_other_role_left_out)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\" alt=\"\" role=\"img\">",
                  "<figure><img src=\"/bilder/1\"/></figure>");
}
END_TEST

START_TEST(site_alt_no_break_spaces_only_is_empty)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\" alt=\"&nbsp;&nbsp;\">",
                  "<figure><img src=\"/bilder/1\"/></figure>");
}
END_TEST

START_TEST(site_role_with_alt_dropped)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\" alt=\"Kart\" role=\"presentation\">",
                  "<figure><img src=\"/bilder/1\" alt=\"Kart\"/></figure>");
}
END_TEST

START_TEST(site_role_without_alt_dropped)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\" role=\"presentation\">",
                  "<figure><img src=\"/bilder/1\"/></figure>");
}
END_TEST

START_TEST(site_alt_whitespace_collapsed_and_trimmed)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\" alt=\"  Kart \n over\t\tAgder  \">",
                  "<figure><img src=\"/bilder/1\" alt=\"Kart over Agder\"/>"
                  "</figure>");
}
END_TEST

START_TEST(site_alt_controls_removed)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\" alt=\"a\x01" "b\x7f" "c\xc2\x85"
                  "d\xef\xbf\xbf" "e\">",
                  "<figure><img src=\"/bilder/1\" alt=\"abcde\"/></figure>");
}
END_TEST

START_TEST(site_alt_escaped)
{
    CHECK_SITE_EQ("<img src=\"/bilder/1\" alt='&lt;b&gt; &amp; \"x\"'>",
                  "<figure><img src=\"/bilder/1\" alt=\"&lt;b&gt; &amp; "
                  "&quot;x&quot;\"/></figure>");
}
END_TEST

/* 301 characters of one, two, three and four bytes: 300 are left, whole. */
START_TEST(site_alt_cut_at_300_characters)
{
    const char *alt = apr_pstrcat(tp, "a", check_site_times("ø", 100),
                                  check_site_times("€", 100),
                                  check_site_times("\xf0\x9d\x84\x9e", 100),
                                  NULL);
    const char *out = check_site(apr_psprintf(tp, "<img src=\"/bilder/1\" "
                                              "alt=\"%s\">", alt));
    const char *expected = apr_pstrcat(tp, "a", check_site_times("ø", 100),
                                       check_site_times("€", 100),
                                       check_site_times("\xf0\x9d\x84\x9e",
                                                        99), NULL);

    ck_assert_str_eq(out, apr_psprintf(tp, "<figure><img src=\"/bilder/1\" "
                                       "alt=\"%s\"/></figure>", expected));
}
END_TEST

START_TEST(site_alt_cut_then_trimmed)
{
    const char *a299 = check_site_times("a", 299);
    const char *out = check_site(apr_psprintf(tp, "<img src=\"/bilder/1\" "
                                              "alt=\"%s bbb\">", a299));

    ck_assert_str_eq(out, apr_psprintf(tp, "<figure><img src=\"/bilder/1\" "
                                       "alt=\"%s\"/></figure>", a299));
}
END_TEST

/* ---- images: captions -------------------------------------------------- */

START_TEST(site_caption_kept)
{
    CHECK_SITE_EQ("<figure><img src=\"/bilder/12\" alt=\"\" role=\""
                  "presentation\"><figcaption>Foto: Kommunen</figcaption>"
                  "</figure>", "<figure><img src=\"/bilder/12\" alt=\"\" "
                  "role=\"presentation\"/><figcaption>Foto: Kommunen"
                  "</figcaption></figure>");
}
END_TEST

START_TEST(site_caption_markup_flattened)
{
    CHECK_SITE_EQ("<figure><img src=\"/bilder/1\" alt=\"k\"><figcaption>Foto:"
                  " <b>Kom</b><a href=\"/x\"><em>munen</em></a><br>2024"
                  "</figcaption></figure>", "<figure><img src=\"/bilder/1\" "
                  "alt=\"k\"/><figcaption>Foto: Kommunen 2024</figcaption>"
                  "</figure>");
}
END_TEST

START_TEST(site_caption_blocks_become_spaces)
{
    CHECK_SITE_EQ("<figure><img src=\"/bilder/1\" alt=\"k\"><figcaption><p>"
                  "Foto</p><p>Kommunen</p></figcaption></figure>",
                  "<figure><img src=\"/bilder/1\" alt=\"k\"/><figcaption>"
                  "Foto Kommunen</figcaption></figure>");
}
END_TEST

START_TEST(site_caption_script_dropped)
{
    CHECK_SITE_EQ("<figure><img src=\"/bilder/1\" alt=\"k\"><figcaption>a"
                  "<script>alert(1)</script>b<style>p{}</style></figcaption>"
                  "</figure>", "<figure><img src=\"/bilder/1\" alt=\"k\"/>"
                  "<figcaption>ab</figcaption></figure>");
}
END_TEST

START_TEST(site_caption_whitespace_collapsed)
{
    CHECK_SITE_EQ("<figure><img src=\"/bilder/1\" alt=\"k\"><figcaption>\n  "
                  "Foto:\t\tKommunen \n</figcaption></figure>",
                  "<figure><img src=\"/bilder/1\" alt=\"k\"/><figcaption>"
                  "Foto: Kommunen</figcaption></figure>");
}
END_TEST

START_TEST(site_caption_escaped)
{
    CHECK_SITE_EQ("<figure><img src=\"/bilder/1\" alt=\"k\"><figcaption>a &lt;"
                  " b &amp; c</figcaption></figure>",
                  "<figure><img src=\"/bilder/1\" alt=\"k\"/><figcaption>a "
                  "&lt; b &amp; c</figcaption></figure>");
}
END_TEST

START_TEST(site_caption_empty_left_out)
{
    CHECK_SITE_EQ("<figure><img src=\"/bilder/1\" alt=\"k\"><figcaption> "
                  "&nbsp; <b></b></figcaption></figure>",
                  "<figure><img src=\"/bilder/1\" alt=\"k\"/></figure>");
}
END_TEST

START_TEST(site_caption_cut_at_500_characters)
{
    const char *out = check_site(apr_pstrcat(tp, "<figure><img src=\"/bilder/"
                                             "1\" alt=\"k\"><figcaption>",
                                             check_site_times("å", 600),
                                             "</figcaption></figure>", NULL));

    ck_assert_str_eq(out, apr_pstrcat(tp, "<figure><img src=\"/bilder/1\" "
                                      "alt=\"k\"/><figcaption>",
                                      check_site_times("å", 500),
                                      "</figcaption></figure>", NULL));
}
END_TEST

START_TEST(site_caption_first_counts)
{
    CHECK_SITE_EQ("<figure><img src=\"/bilder/1\" alt=\"k\"><figcaption>En"
                  "</figcaption><figcaption>To</figcaption></figure>",
                  "<figure><img src=\"/bilder/1\" alt=\"k\"/><figcaption>En"
                  "</figcaption></figure><p>To</p>");
}
END_TEST

START_TEST(site_caption_before_image)
{
    CHECK_SITE_EQ("<figure><figcaption>Foto</figcaption><img src=\"/bilder/1"
                  "\" alt=\"k\"></figure>", "<figure><img src=\"/bilder/1\" "
                  "alt=\"k\"/><figcaption>Foto</figcaption></figure>");
}
END_TEST

START_TEST(site_caption_goes_to_first_image)
{
    CHECK_SITE_EQ("<figure><img src=\"/bilder/1\" alt=\"a\"><img src=\""
                  "/bilder/2\" alt=\"b\"><figcaption>Foto</figcaption>"
                  "</figure>", "<figure><img src=\"/bilder/1\" alt=\"a\"/>"
                  "<figcaption>Foto</figcaption></figure><figure><img src=\""
                  "/bilder/2\" alt=\"b\"/></figure>");
}
END_TEST

START_TEST(site_caption_skips_refused_image)
{
    CHECK_SITE_EQ("<figure><img src=\"https://x.example/1.jpg\" alt=\"a\">"
                  "<img src=\"/bilder/2\" alt=\"b\"><figcaption>Foto"
                  "</figcaption></figure>", "<figure><img src=\"/bilder/2\" "
                  "alt=\"b\"/><figcaption>Foto</figcaption></figure>");
}
END_TEST

START_TEST(site_figure_text_kept_as_paragraphs)
{
    CHECK_SITE_EQ("<figure>Før<img src=\"/bilder/1\" alt=\"k\"><figcaption>"
                  "Foto</figcaption>Etter</figure>", "<p>Før</p><figure><img "
                  "src=\"/bilder/1\" alt=\"k\"/><figcaption>Foto</figcaption>"
                  "</figure><p>Etter</p>");
}
END_TEST

START_TEST(site_figure_without_image_is_text)
{
    CHECK_SITE_EQ("<figure><img src=\"https://x.example/1.jpg\" alt=\"a\">"
                  "<figcaption>Foto</figcaption></figure>", "<p>Foto</p>");
}
END_TEST

START_TEST(site_figcaption_alone_is_text)
{
    CHECK_SITE_EQ("<p>a</p><figcaption>Foto</figcaption>",
                  "<p>a</p><p>Foto</p>");
}
END_TEST

START_TEST(site_image_in_caption_dropped)
{
    CHECK_SITE_EQ("<figure><img src=\"/bilder/1\" alt=\"a\"><figcaption>Foto"
                  "<img src=\"/bilder/2\" alt=\"b\"></figcaption></figure>",
                  "<figure><img src=\"/bilder/1\" alt=\"a\"/><figcaption>Foto"
                  "</figcaption></figure>");
}
END_TEST

START_TEST(site_nested_figure_keeps_its_own_caption)
{
    CHECK_SITE_EQ("<figure><figure><img src=\"/bilder/1\" alt=\"a\">"
                  "<figcaption>Indre</figcaption></figure><figcaption>Ytre"
                  "</figcaption></figure>", "<figure><img src=\"/bilder/1\" "
                  "alt=\"a\"/><figcaption>Indre</figcaption></figure>"
                  "<p>Ytre</p>");
}
END_TEST

START_TEST(site_figure_attributes_dropped)
{
    CHECK_SITE_EQ("<figure class=\"image\" style=\"width:50%\" id=f><img src="
                  "\"/bilder/1\" alt=\"k\"><figcaption class=c onclick=x>Foto"
                  "</figcaption></figure>", "<figure><img src=\"/bilder/1\" "
                  "alt=\"k\"/><figcaption>Foto</figcaption></figure>");
}
END_TEST

/* ---- images: where a figure stands ------------------------------------- */

START_TEST(site_image_top_level)
{
    CHECK_SITE_EQ("Før<img src=\"/bilder/1\" alt=\"k\">etter",
                  "<p>Før</p><figure><img src=\"/bilder/1\" alt=\"k\"/>"
                  "</figure><p>etter</p>");
}
END_TEST

START_TEST(site_image_splits_paragraph)
{
    CHECK_SITE_EQ("<p>Før <img src=\"/bilder/1\" alt=\"k\"> etter</p>",
                  "<p>Før</p><figure><img src=\"/bilder/1\" alt=\"k\"/>"
                  "</figure><p>etter</p>");
}
END_TEST

START_TEST(site_image_alone_leaves_no_paragraph)
{
    CHECK_SITE_EQ("<p> <img src=\"/bilder/1\" alt=\"k\"> </p>",
                  "<figure><img src=\"/bilder/1\" alt=\"k\"/></figure>");
}
END_TEST

START_TEST(site_images_side_by_side)
{
    CHECK_SITE_EQ("<p><img src=\"/bilder/1\" alt=\"a\"><img src=\"/bilder/2\" "
                  "alt=\"b\"></p>", "<figure><img src=\"/bilder/1\" "
                  "alt=\"a\"/></figure><figure><img src=\"/bilder/2\" "
                  "alt=\"b\"/></figure>");
}
END_TEST

START_TEST(site_image_in_link_lifted)
{
    CHECK_SITE_EQ("<p><a href=\"/side\">Les <img src=\"/bilder/1\" alt=\"k\">"
                  "mer</a></p>", "<p><a href=\"/side\">Les </a></p><figure>"
                  "<img src=\"/bilder/1\" alt=\"k\"/></figure><p><a href=\""
                  "/side\">mer</a></p>");
}
END_TEST

START_TEST(site_image_only_in_link)
{
    CHECK_SITE_EQ("<a href=\"/side\"><img src=\"/bilder/1\" alt=\"k\"></a>",
                  "<figure><img src=\"/bilder/1\" alt=\"k\"/></figure>");
}
END_TEST

START_TEST(site_image_in_strong)
{
    CHECK_SITE_EQ("<p><strong>a<img src=\"/bilder/1\" alt=\"k\">b</strong>"
                  "</p>", "<p><strong>a</strong></p><figure><img src=\""
                  "/bilder/1\" alt=\"k\"/></figure><p><strong>b</strong>"
                  "</p>");
}
END_TEST

START_TEST(site_image_in_heading_splits)
{
    CHECK_SITE_EQ("<h2>Tittel <img src=\"/bilder/1\" alt=\"k\"> mer</h2>",
                  "<h2>Tittel</h2><figure><img src=\"/bilder/1\" alt=\"k\"/>"
                  "</figure><h2>mer</h2>");
}
END_TEST

START_TEST(site_image_ends_heading)
{
    CHECK_SITE_EQ("<h3>Tittel<img src=\"/bilder/1\" alt=\"k\"></h3>",
                  "<h3>Tittel</h3><figure><img src=\"/bilder/1\" alt=\"k\"/>"
                  "</figure>");
}
END_TEST

START_TEST(site_image_in_list_item)
{
    CHECK_SITE_EQ("<ul><li>a<img src=\"/bilder/1\" alt=\"k\">b</li></ul>",
                  "<ul><li>a<figure><img src=\"/bilder/1\" alt=\"k\"/>"
                  "</figure>b</li></ul>");
}
END_TEST

START_TEST(site_image_in_list_item_paragraph)
{
    CHECK_SITE_EQ("<ol><li><p>a<img src=\"/bilder/1\" alt=\"k\">b</p></li>"
                  "</ol>", "<ol><li><p>a</p><figure><img src=\"/bilder/1\" "
                  "alt=\"k\"/></figure><p>b</p></li></ol>");
}
END_TEST

START_TEST(site_image_in_list_becomes_item)
{
    CHECK_SITE_EQ("<ul><img src=\"/bilder/1\" alt=\"k\"><li>a</li></ul>",
                  "<ul><li><figure><img src=\"/bilder/1\" alt=\"k\"/>"
                  "</figure></li><li>a</li></ul>");
}
END_TEST

START_TEST(site_image_in_cell)
{
    CHECK_SITE_EQ("<table><tr><td>a<img src=\"/bilder/1\" alt=\"k\"></td>"
                  "</tr></table>", "<table><tr><td>a<figure><img src=\""
                  "/bilder/1\" alt=\"k\"/></figure></td></tr></table>");
}
END_TEST

START_TEST(site_image_in_header_cell)
{
    CHECK_SITE_EQ("<table><tr><th scope=col><img src=\"/bilder/1\" alt=\"k"
                  "\">a</th></tr></table>", "<table><tr><th scope=\"col\">"
                  "<figure><img src=\"/bilder/1\" alt=\"k\"/></figure>a</th>"
                  "</tr></table>");
}
END_TEST

START_TEST(site_image_in_table_caption_dropped)
{
    CHECK_SITE_EQ("<table><caption>Frist<img src=\"/bilder/1\" alt=\"k\">er"
                  "</caption><tr><td>a</td></tr></table>", "<table><caption>"
                  "Frister</caption><tr><td>a</td></tr></table>");
}
END_TEST

START_TEST(site_image_in_blockquote)
{
    CHECK_SITE_EQ("<blockquote><img src=\"/bilder/1\" alt=\"k\"></blockquote>",
                  "<blockquote><figure><img src=\"/bilder/1\" alt=\"k\"/>"
                  "</figure></blockquote>");
}
END_TEST

START_TEST(site_image_in_blockquote_text)
{
    CHECK_SITE_EQ("<blockquote>Sitat<img src=\"/bilder/1\" alt=\"k\">slutt"
                  "</blockquote>", "<blockquote><p>Sitat</p><figure><img src="
                  "\"/bilder/1\" alt=\"k\"/></figure><p>slutt</p>"
                  "</blockquote>");
}
END_TEST

START_TEST(site_figure_in_paragraph_lifted)
{
    CHECK_SITE_EQ("<p>a<figure><img src=\"/bilder/1\" alt=\"k\"><figcaption>"
                  "Foto</figcaption></figure>b</p>", "<p>a</p><figure><img "
                  "src=\"/bilder/1\" alt=\"k\"/><figcaption>Foto</figcaption>"
                  "</figure><p>b</p>");
}
END_TEST

START_TEST(site_image_in_word_span)
{
    CHECK_SITE_EQ("<p class=MsoNormal><span style='mso-no-proof:yes'><img "
                  "width=300 height=200 src=\"/bilder/7\" alt=\"Kart\" v:"
                  "shapes=\"x\"></span><o:p></o:p></p>", "<figure><img src=\""
                  "/bilder/7\" alt=\"Kart\"/></figure>");
}
END_TEST

/* 96 blockquotes: the figure at depth 97 and its img at 98 stay. */
START_TEST(site_image_deep_within_limit)
{
    const char *html = apr_pstrcat(tp, check_site_times("<blockquote>", 96),
                                   "<img src=\"/bilder/1\" alt=\"k\">", NULL);

    ck_assert_ptr_nonnull(strstr(check_site(html), "<figure><img src=\""
                                 "/bilder/1\" alt=\"k\"/></figure>"));
}
END_TEST

/* Past the depth where the normal form keeps only text, an image goes. */
START_TEST(site_image_too_deep_dropped)
{
    const char *html = apr_pstrcat(tp, check_site_times("<blockquote>", 150),
                                   "a<img src=\"/bilder/1\" alt=\"k\">b",
                                   NULL);
    const char *out = check_site(html);

    ck_assert_ptr_null(strstr(out, "<img"));
    ck_assert_ptr_nonnull(strstr(out, "a b"));
}
END_TEST

/* Found by the fuzzer: a list item at the depth where only text is kept,
 * that showed an image and nothing else, was kept empty; a second pass
 * dropped it. */
START_TEST(site_image_only_item_too_deep_dropped)
{
    const char *html = apr_pstrcat(tp, check_site_times("<ul><li>x", 48),
                                   "<ul><li><img src=\"/bilder/1\" alt=\"k\">"
                                   "</li></ul>", NULL);
    const char *out = check_site(html);

    ck_assert_ptr_null(strstr(out, "<li></li>"));
    ck_assert_ptr_null(strstr(out, "<img"));
}
END_TEST

/* Quotes that hold only an image too deep to keep go, all of them. */
START_TEST(site_image_only_quotes_too_deep_dropped)
{
    const char *html = apr_pstrcat(tp, check_site_times("<blockquote>", 98),
                                   "<img src=\"/bilder/1\" alt=\"k\">", NULL);

    ck_assert_str_eq(check_site(html), "");
}
END_TEST

/* ---- languages of passages (WCAG 3.1.2) --------------------------------- */

START_TEST(lang_tags_checked)
{
    static const char *const good[] = {
        "nn", "nb", "en", "se", "sma", "en-GB", "EN-GB", "zh-Hant-TW",
        "de-CH-1901", "sl-rozaj", "x-klingon", "en-a-bbb-x-ccc", "es-419"
    };
    static const char *const bad[] = {
        "", "e", "en_GB", "NO-BOK", "en-", "-en", "en--GB", "1en",
        "en-GB-x", "x", "toolongtag9", "en gb", "javascript:alert(1)",
        "abcdefghi", "en-GB-GB-GB-GB-GB-GB-GB-GB"
    };
    size_t i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        ck_assert_msg(naering_lang_tag_ok(good[i]), "%s refused", good[i]);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(!naering_lang_tag_ok(bad[i]), "%s taken", bad[i]);
    ck_assert(!naering_lang_tag_ok(NULL));
}
END_TEST

START_TEST(lang_span_kept)
{
    CHECK_SAN_EQ("<p>Han sa <span lang=\"en\">good morning</span>.</p>",
                 "<p>Han sa <span lang=\"en\">good morning</span>.</p>");
}
END_TEST

START_TEST(lang_case_made_usual)
{
    CHECK_SAN_EQ("<p><span lang=EN-GB>Colour</span> og "
                 "<span lang=ZH-hant-tw>字</span></p>",
                 "<p><span lang=\"en-GB\">Colour</span> og "
                 "<span lang=\"zh-Hant-TW\">字</span></p>");
}
END_TEST

/* Word marks every run of a Norwegian document NO-BOK: gone, text kept. */
START_TEST(lang_word_no_bok_dropped)
{
    CHECK_SAN_EQ("<p class=MsoNormal><span lang=NO-BOK>Tekst</span></p>",
                 "<p>Tekst</p>");
}
END_TEST

START_TEST(lang_invalid_dropped)
{
    CHECK_SAN_EQ("<p lang=\"en_GB\">a <span lang=\"\\\" onclick=x\">b</span>"
                 " <em lang=\"1\">c</em></p>",
                 "<p>a b <em>c</em></p>");
}
END_TEST

START_TEST(lang_on_blocks_and_inlines)
{
    CHECK_SAN_EQ("<h2 lang=\"en\">News</h2><p lang=\"nn\">Eg <b lang=se>Bures"
                 "</b></p><ul><li lang=\"en\">One</li></ul>",
                 "<h2 lang=\"en\">News</h2><p lang=\"nn\">Eg <strong lang=\"se\">"
                 "Bures</strong></p><ul><li lang=\"en\">One</li></ul>");
}
END_TEST

START_TEST(lang_span_without_text_dropped)
{
    CHECK_SAN_EQ("<p>a<span lang=\"en\"></span>b</p>", "<p>ab</p>");
}
END_TEST

START_TEST(lang_nested_spans)
{
    /* a span in a span of the same language is kept as it is: removing
     * it in the normal form, or when writing, could not be made stable
     * (what splits and wraps runs nests spans late, and joining texts at
     * output doubled spaces; the fuzzer found both) */
    CHECK_SAN_EQ("<p><span lang=\"en\"><span lang=\"EN\">a</span> b</span></p>",
                 "<p><span lang=\"en\"><span lang=\"en\">a</span> b</span></p>");
    /* another language inside is kept: it is the more specific */
    CHECK_SAN_EQ("<p><span lang=\"en\"><span lang=\"nn\">a</span> b</span></p>",
                 "<p><span lang=\"en\"><span lang=\"nn\">a</span> b</span></p>");
}
END_TEST

START_TEST(lang_span_style_bold_is_strong)
{
    CHECK_SAN_EQ("<p><span lang=\"en\" style=\"font-weight:bold\">Hi</span></p>",
                 "<p><strong lang=\"en\">Hi</strong></p>");
}
END_TEST

Suite *naering_sanitize_suite(void)
{
    Suite *s = suite_create("sanitize");
    TCase *hostile = tcase_create("hostile");
    TCase *input = tcase_create("input");
    TCase *paste = tcase_create("paste");
    TCase *limits = tcase_create("limits");
    TCase *images = tcase_create("images");

    tcase_add_checked_fixture(hostile, naering_test_setup,
                              naering_test_teardown);
    tcase_add_test(hostile, script_element_dropped);
    tcase_add_test(hostile, script_mixed_case_dropped);
    tcase_add_test(hostile, script_slash_src_dropped);
    tcase_add_test(hostile, script_split_name_is_text);
    tcase_add_test(hostile, script_in_attribute_dropped);
    tcase_add_test(hostile, textarea_script_dropped);
    tcase_add_test(hostile, img_onerror_dropped);
    tcase_add_test(hostile, onclick_on_kept_element_dropped);
    tcase_add_test(hostile, onclick_on_link_dropped);
    tcase_add_test(hostile, style_attribute_expression_dropped);
    tcase_add_test(hostile, style_element_dropped);
    tcase_add_test(hostile, href_javascript_keeps_text);
    tcase_add_test(hostile, href_decimal_entity);
    tcase_add_test(hostile, href_hex_entity);
    tcase_add_test(hostile, href_entity_without_semicolon);
    tcase_add_test(hostile, href_tab_inside_scheme);
    tcase_add_test(hostile, href_newline_inside_scheme);
    tcase_add_test(hostile, href_leading_whitespace);
    tcase_add_test(hostile, href_mixed_case);
    tcase_add_test(hostile, href_html5_entity_colon);
    tcase_add_test(hostile, href_data_url);
    tcase_add_test(hostile, href_vbscript);
    tcase_add_test(hostile, href_file);
    tcase_add_test(hostile, href_protocol_relative);
    tcase_add_test(hostile, href_backslash_relative);
    tcase_add_test(hostile, nested_link_unwrapped);
    tcase_add_test(hostile, svg_onload_dropped);
    tcase_add_test(hostile, math_dropped);
    tcase_add_test(hostile, iframe_srcdoc_dropped);
    tcase_add_test(hostile, object_embed_applet_dropped);
    tcase_add_test(hostile, embed_keeps_what_follows);
    tcase_add_test(hostile, base_href_dropped);
    tcase_add_test(hostile, meta_refresh_dropped);
    tcase_add_test(hostile, form_and_input_dropped);
    tcase_add_test(hostile, template_dropped);
    tcase_add_test(hostile, noscript_title_trick);
    tcase_add_test(hostile, link_title_frameset_dropped);
    tcase_add_test(hostile, comment_dropped);
    tcase_add_test(hostile, cdata_is_text);
    tcase_add_test(hostile, conditional_comment_dropped);
    tcase_add_test(hostile, processing_instruction_dropped);
    tcase_add_test(hostile, unclosed_tags_closed);
    tcase_add_test(hostile, meta_charset_ignored);
    tcase_add_test(hostile, control_characters_removed);
    tcase_add_test(hostile, markup_in_text_escaped);
    suite_add_tcase(s, hostile);

    tcase_add_checked_fixture(input, naering_test_setup,
                              naering_test_teardown);
    tcase_add_test(input, utf8_overlong_rejected);
    tcase_add_test(input, utf8_lone_continuation_rejected);
    tcase_add_test(input, utf8_surrogate_rejected);
    tcase_add_test(input, utf8_f5_rejected);
    tcase_add_test(input, utf8_above_max_rejected);
    tcase_add_test(input, utf8_truncated_rejected);
    tcase_add_test(input, nul_rejected);
    tcase_add_test(input, utf8_valid_accepts_all_planes);
    tcase_add_test(input, empty_input_is_empty);
    tcase_add_test(input, whitespace_input_is_empty);
    suite_add_tcase(s, input);

    tcase_add_checked_fixture(paste, naering_test_setup,
                              naering_test_teardown);
    tcase_add_test(paste, word_heading_paragraph);
    tcase_add_test(paste, word_list_paragraphs_become_list);
    tcase_add_test(paste, word_table_kept);
    tcase_add_test(paste, word_conditional_markers_removed);
    tcase_add_test(paste, libreoffice_heading_and_paragraph);
    tcase_add_test(paste, gdocs_wrapper_unwrapped_spans_mapped);
    tcase_add_test(paste, gdocs_wrapper_without_paragraphs_not_bold);
    tcase_add_test(paste, span_bold_italic_both);
    tcase_add_test(paste, element_mapping);
    tcase_add_test(paste, table_attributes_kept);
    tcase_add_test(paste, table_bad_spans_dropped);
    tcase_add_test(paste, lists_kept);
    tcase_add_test(paste, stray_li_wrapped_in_ul);
    tcase_add_test(paste, list_in_list_joins_previous_item);
    tcase_add_test(paste, links_allowed_schemes_kept);
    tcase_add_test(paste, link_title_kept_target_dropped);
    tcase_add_test(paste, div_ends_paragraph);
    tcase_add_test(paste, div_in_cell_becomes_line_break);
    tcase_add_test(paste, top_level_text_wrapped);
    tcase_add_test(paste, block_in_inline_lifted);
    tcase_add_test(paste, heading_in_link_keeps_link);
    tcase_add_test(paste, no_paragraph_in_paragraph);
    tcase_add_test(paste, block_in_heading_flattened);
    tcase_add_test(paste, empty_paragraphs_dropped);
    tcase_add_test(paste, invisible_only_paragraphs_dropped);
    tcase_add_test(paste, whitespace_collapsed);
    tcase_add_test(paste, entities_become_utf8);
    tcase_add_test(paste, nbsp_becomes_u00a0);
    suite_add_tcase(s, paste);

    tcase_add_checked_fixture(limits, naering_test_setup,
                              naering_test_teardown);
    tcase_set_timeout(limits, RUNNING_ON_VALGRIND ? 600 : 30);
    tcase_add_loop_test(limits, fixture_idempotent, 0, CHECK_SAN_NFIXTURES);
    tcase_add_loop_test(limits, fixture_well_formed_in_div, 0,
                        CHECK_SAN_NFIXTURES);
    tcase_add_test(limits, fuzz_marker_text_idempotent);
    tcase_add_test(limits, fuzz_href_noncharacter_removed);
    tcase_add_test(limits, fuzz_href_only_noncharacter);
    tcase_add_test(limits, fuzz_noncharacter_does_not_stop_parse);
    tcase_add_test(limits, fuzz_bad_prefixed_name_does_not_stop_parse);
    tcase_add_test(limits, deep_divs_10000_refused);
    tcase_add_test(limits, deep_bold_10000_refused);
    tcase_add_test(limits, deep_lists_10000_refused);
    tcase_add_test(limits, deep_unclosed_10000_refused);
    tcase_add_test(limits, deep_250_kept_before_and_after);
    tcase_add_test(limits, deep_bold_120_flattened);
    tcase_add_test(limits, deep_blockquotes_flattened);
    tcase_add_test(limits, deep_tables_flattened);
    tcase_add_test(limits, one_megabyte_word_paste);
    tcase_add_test(limits, one_megabyte_of_elements);
    suite_add_tcase(s, limits);

    tcase_add_checked_fixture(images, naering_test_setup,
                              naering_test_teardown);
    tcase_add_test(images, site_src_exact);
    tcase_add_test(images, site_src_variant_path_normalised);
    tcase_add_test(images, site_src_trailing_slash_normalised);
    tcase_add_test(images, site_src_query_normalised);
    tcase_add_test(images, site_src_spaces_around_ignored);
    tcase_add_test(images, site_src_character_reference_decoded);
    tcase_add_test(images, site_src_largest_id);
    tcase_add_test(images, site_src_dot_segments_after_id_normalised);
    tcase_add_test(images, site_src_https_refused);
    tcase_add_test(images, site_src_http_same_path_refused);
    tcase_add_test(images, site_src_protocol_relative_refused);
    tcase_add_test(images, site_src_data_refused);
    tcase_add_test(images, site_src_javascript_refused);
    tcase_add_test(images, site_src_longer_prefix_refused);
    tcase_add_test(images, site_src_prefix_alone_refused);
    tcase_add_test(images, site_src_prefix_slash_refused);
    tcase_add_test(images, site_src_double_slash_refused);
    tcase_add_test(images, site_src_zero_refused);
    tcase_add_test(images, site_src_leading_zero_refused);
    tcase_add_test(images, site_src_letters_after_id_refused);
    tcase_add_test(images, site_src_letters_refused);
    tcase_add_test(images, site_src_negative_refused);
    tcase_add_test(images, site_src_too_large_refused);
    tcase_add_test(images, site_src_twenty_digits_refused);
    tcase_add_test(images, site_src_relative_refused);
    tcase_add_test(images, site_src_dot_relative_refused);
    tcase_add_test(images, site_src_percent_escaped_id_refused);
    tcase_add_test(images, site_src_percent_escaped_prefix_refused);
    tcase_add_test(images, site_src_escaped_dot_segments_refused);
    tcase_add_test(images, site_src_upper_case_refused);
    tcase_add_test(images, site_src_backslash_refused);
    tcase_add_test(images, site_src_fragment_refused);
    tcase_add_test(images, site_src_missing_refused);
    tcase_add_test(images, site_null_images_keeps_none);
    tcase_add_test(images, site_empty_images_keeps_none);
    tcase_add_test(images, site_sanitize_is_site_without_images);
    tcase_add_test(images, site_mount_point_kept);
    tcase_add_test(images, site_mount_point_refuses_root_images);
    tcase_add_test(images, site_mount_point_refuses_other_site);
    tcase_add_test(images, site_other_attributes_dropped);
    tcase_add_test(images, site_attribute_order_fixed);
    tcase_add_test(images, site_alt_missing_left_out);
    tcase_add_test(images, site_alt_empty_presentation_decorative);
    tcase_add_test(images, site_alt_blank_presentation_any_case_decorative);
    tcase_add_test(images, site_alt_empty_without_role_left_out);
    tcase_add_test(images, site_alt_empty_other_role_left_out);
    tcase_add_test(images, site_alt_no_break_spaces_only_is_empty);
    tcase_add_test(images, site_role_with_alt_dropped);
    tcase_add_test(images, site_role_without_alt_dropped);
    tcase_add_test(images, site_alt_whitespace_collapsed_and_trimmed);
    tcase_add_test(images, site_alt_controls_removed);
    tcase_add_test(images, site_alt_escaped);
    tcase_add_test(images, site_alt_cut_at_300_characters);
    tcase_add_test(images, site_alt_cut_then_trimmed);
    tcase_add_test(images, site_caption_kept);
    tcase_add_test(images, site_caption_markup_flattened);
    tcase_add_test(images, site_caption_blocks_become_spaces);
    tcase_add_test(images, site_caption_script_dropped);
    tcase_add_test(images, site_caption_whitespace_collapsed);
    tcase_add_test(images, site_caption_escaped);
    tcase_add_test(images, site_caption_empty_left_out);
    tcase_add_test(images, site_caption_cut_at_500_characters);
    tcase_add_test(images, site_caption_first_counts);
    tcase_add_test(images, site_caption_before_image);
    tcase_add_test(images, site_caption_goes_to_first_image);
    tcase_add_test(images, site_caption_skips_refused_image);
    tcase_add_test(images, site_figure_text_kept_as_paragraphs);
    tcase_add_test(images, site_figure_without_image_is_text);
    tcase_add_test(images, site_figcaption_alone_is_text);
    tcase_add_test(images, site_image_in_caption_dropped);
    tcase_add_test(images, site_nested_figure_keeps_its_own_caption);
    tcase_add_test(images, site_figure_attributes_dropped);
    tcase_add_test(images, site_image_top_level);
    tcase_add_test(images, site_image_splits_paragraph);
    tcase_add_test(images, site_image_alone_leaves_no_paragraph);
    tcase_add_test(images, site_images_side_by_side);
    tcase_add_test(images, site_image_in_link_lifted);
    tcase_add_test(images, site_image_only_in_link);
    tcase_add_test(images, site_image_in_strong);
    tcase_add_test(images, site_image_in_heading_splits);
    tcase_add_test(images, site_image_ends_heading);
    tcase_add_test(images, site_image_in_list_item);
    tcase_add_test(images, site_image_in_list_item_paragraph);
    tcase_add_test(images, site_image_in_list_becomes_item);
    tcase_add_test(images, site_image_in_cell);
    tcase_add_test(images, site_image_in_header_cell);
    tcase_add_test(images, site_image_in_table_caption_dropped);
    tcase_add_test(images, site_image_in_blockquote);
    tcase_add_test(images, site_image_in_blockquote_text);
    tcase_add_test(images, site_figure_in_paragraph_lifted);
    tcase_add_test(images, site_image_in_word_span);
    tcase_add_test(images, site_image_deep_within_limit);
    tcase_add_test(images, site_image_too_deep_dropped);
    tcase_add_test(images, site_image_only_item_too_deep_dropped);
    tcase_add_test(images, site_image_only_quotes_too_deep_dropped);
    suite_add_tcase(s, images);
    {
        TCase *langs = tcase_create("languages");
        tcase_add_checked_fixture(langs, naering_test_setup,
                                  naering_test_teardown);
        tcase_add_test(langs, lang_tags_checked);
        tcase_add_test(langs, lang_span_kept);
        tcase_add_test(langs, lang_case_made_usual);
        tcase_add_test(langs, lang_word_no_bok_dropped);
        tcase_add_test(langs, lang_invalid_dropped);
        tcase_add_test(langs, lang_on_blocks_and_inlines);
        tcase_add_test(langs, lang_span_without_text_dropped);
        tcase_add_test(langs, lang_span_style_bold_is_strong);
        tcase_add_test(langs, lang_nested_spans);
        suite_add_tcase(s, langs);
    }
    return s;
}
