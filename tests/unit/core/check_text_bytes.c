/* core's byte helpers: the growing buffer, UTF-8, hex and percent escapes. */
#include <string.h>
#include <apr_strings.h>
#include "tests.h"

START_TEST(buf_keeps_every_byte_in_order)
{
    naering_buf b;
    int i;

    naering_buf_init(&b, tp, 4);
    for (i = 0; i < 1000; i++)
        naering_buf_putc(&b, (char)('a' + i % 26));
    naering_buf_add(&b, "æøå", strlen("æøå"));
    ck_assert_uint_eq(b.len, 1000 + strlen("æøå"));
    ck_assert_int_eq(naering_buf_str(&b)[0], 'a');
    ck_assert_int_eq(naering_buf_str(&b)[26], 'a');
    ck_assert_str_eq(naering_buf_str(&b) + 1000, "æøå");
}
END_TEST

/* A field trickled one byte per read: the buffer doubles, so its room is
 * never more than twice what it holds (and the pool's share with it). */
START_TEST(buf_grows_geometrically)
{
    naering_buf b;
    apr_size_t caps = 0, last = 0;
    int i;

    naering_buf_init(&b, tp, 16);
    for (i = 0; i < 100000; i++) {
        naering_buf_add(&b, "x", 1);
        ck_assert_uint_le(b.cap, 2 * (b.len + 1) + 16);
        if (b.cap != last) {
            caps++;
            last = b.cap;
        }
    }
    /* 16 -> 131072: 14 allocations, not 100,000 copies */
    ck_assert_uint_le(caps, 14);
    ck_assert_uint_eq(strlen(naering_buf_str(&b)), 100000);
}
END_TEST

START_TEST(buf_str_of_nothing_is_empty)
{
    naering_buf b;

    naering_buf_init(&b, tp, 0);
    ck_assert_str_eq(naering_buf_str(&b), "");
    naering_buf_add(&b, "", 0);
    ck_assert_str_eq(naering_buf_str(&b), "");
}
END_TEST

START_TEST(utf8_valid_and_not)
{
    static const char *const good[] = { "", "plain", "æøå ÆØÅ", "€",
                                        "\xf0\x9f\x98\x80", NULL };
    static const char *const bad[] = {
        "\xc0\xaf",             /* overlong / */
        "\xe0\x80\xaf",         /* overlong */
        "\xed\xa0\x80",         /* surrogate */
        "\xf4\x90\x80\x80",     /* above U+10FFFF */
        "\xc3",                 /* cut short */
        "\x80",                 /* stray continuation */
        "\xf8\x88\x80\x80\x80", /* five bytes */
        NULL };
    int i;

    for (i = 0; good[i]; i++)
        ck_assert_msg(naering_utf8_valid(good[i], strlen(good[i])), "%d", i);
    for (i = 0; bad[i]; i++)
        ck_assert_msg(!naering_utf8_valid(bad[i], strlen(bad[i])), "%d", i);
    ck_assert(!naering_utf8_valid("a\0b", 3));      /* NUL is refused */
}
END_TEST

START_TEST(utf8_counts_characters)
{
    ck_assert_uint_eq(naering_utf8_chars(""), 0);
    ck_assert_uint_eq(naering_utf8_chars("abc"), 3);
    ck_assert_uint_eq(naering_utf8_chars("æøå"), 3);
    ck_assert_uint_eq(naering_utf8_chars("\xf0\x9f\x98\x80!"), 2);
}
END_TEST

START_TEST(xml_chars_become_spaces)
{
    ck_assert_str_eq(naering_xml_chars(tp, "a\vb\x01" "c\td\ne"),
                     "a b c\td\ne");
    ck_assert_str_eq(naering_xml_chars(tp, "x\xef\xbf\xbey"), "x   y");
    ck_assert_str_eq(naering_xml_chars(tp, "æøå"), "æøå");
}
END_TEST

static int keep_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

START_TEST(hex_and_percent)
{
    static const unsigned char bytes[] = { 0x00, 0x0f, 0xa5, 0xff };

    ck_assert_str_eq(naering_hex(tp, bytes, 4), "000fa5ff");
    ck_assert_str_eq(naering_hex(tp, bytes, 0), "");
    ck_assert_str_eq(naering_percent(tp, "a b/æ", keep_alnum),
                     "a%20b%2F%C3%A6");
    ck_assert_str_eq(naering_percent(tp, "", keep_alnum), "");
}
END_TEST

START_TEST(errors_carry_their_cause)
{
    naering_err *e = naering_err_make(tp, 400, "bad %s", "form");
    naering_err *io = naering_err_cause(tp, 503, APR_ENOSPC, "cannot write %s",
                                        "/x");

    ck_assert_int_eq(e->status, 400);
    ck_assert_int_eq(e->cause, 0);
    ck_assert_str_eq(naering_err_text(tp, e), "bad form");
    ck_assert_int_eq(io->cause, APR_ENOSPC);
    ck_assert_str_eq(naering_err_text(tp, io),
                     "cannot write /x: No space left on device (disk full)");
}
END_TEST

Suite *naering_bytes_suite(void)
{
    Suite *s = suite_create("bytes");
    TCase *tc = tcase_create("bytes");

    tcase_add_checked_fixture(tc, naering_test_setup, naering_test_teardown);
    tcase_add_test(tc, buf_keeps_every_byte_in_order);
    tcase_add_test(tc, buf_grows_geometrically);
    tcase_add_test(tc, buf_str_of_nothing_is_empty);
    tcase_add_test(tc, utf8_valid_and_not);
    tcase_add_test(tc, utf8_counts_characters);
    tcase_add_test(tc, xml_chars_become_spaces);
    tcase_add_test(tc, hex_and_percent);
    tcase_add_test(tc, errors_carry_their_cause);
    suite_add_tcase(s, tc);
    return s;
}
