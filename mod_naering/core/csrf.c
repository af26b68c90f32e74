/*
 * CSRF tokens: "<time>.<HMAC-SHA256(secret, user NUL time)>" in hex.  The
 * secret is the site's own (naering_store_secret), so every process and
 * restart agrees; a token names its user and dies after max_age seconds.
 * Pure: OpenSSL's HMAC and nothing of Apache.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "core/core.h"

static const char *naering_csrf_mac(apr_pool_t *p, const char *secret,
                                    const char *user, apr_int64_t when)
{
    const char *msg = apr_psprintf(p, "%s%c%" APR_INT64_T_FMT, user, 0, when);
    size_t n = strlen(user) + 1 + strlen(msg + strlen(user) + 1);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;

    if (!HMAC(EVP_sha256(), secret, (int)strlen(secret),
              (const unsigned char *)msg, n, md, &len))
        return NULL;
    return naering_hex(p, md, len);
}

const char *naering_csrf_token(apr_pool_t *p, const char *secret,
                               const char *user, apr_time_t now)
{
    apr_int64_t when = apr_time_sec(now);
    const char *mac = naering_csrf_mac(p, secret, user, when);

    return mac ? apr_psprintf(p, "%" APR_INT64_T_FMT ".%s", when, mac) : NULL;
}

int naering_csrf_valid(apr_pool_t *p, const char *secret, const char *user,
                       const char *token, apr_time_t now, int max_age)
{
    char *end = NULL;
    apr_int64_t when, age;
    const char *mac;

    if (!token || !secret || !user)
        return 0;
    when = apr_strtoi64(token, &end, 10);
    if (!end || *end != '.' || end == token)
        return 0;
    age = apr_time_sec(now) - when;
    if (age < -60 || age > max_age)
        return 0;
    mac = naering_csrf_mac(p, secret, user, when);
    return mac && strlen(end + 1) == strlen(mac)
           && CRYPTO_memcmp(end + 1, mac, strlen(mac)) == 0;
}
