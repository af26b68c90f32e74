/*
 * Work that runs on time, from httpd's own mod_watchdog (compiled into
 * Debian's apache2): one thread in one child of the server (a singleton
 * watchdog) wakes every NAERING_TICK and empties each site's WAL when it
 * has grown past NAERING_WAL_LIMIT.
 *
 * Why: SQLite's own automatic checkpoint is PASSIVE and runs after a
 * commit; under a steady stream of readers one of them always holds an
 * old snapshot, the WAL is never reset, and it grows for as long as the
 * load lasts (77 MB in the benchmark of issue 18).  A TRUNCATE checkpoint
 * waits briefly for the readers to move on (store/db.c), copies the WAL
 * into the database and cuts it to zero bytes.  The watchdog keeps its
 * own connection per site, opened in its child after fork.
 *
 * After a write it warms: the pages the write changed that visitors
 * asked for recently -- those in the shared cache (httpd/shared.c), which
 * keeps what was requested within its expiry and not pushed out -- are
 * requested again, with the Host they were asked with, so the next
 * visitor gets a hit.  Each goes to the address its first request came in
 * on (kept in the shared entry), and only when that is one Apache listens
 * on (ap_listeners): never to the port a Host header names, which the
 * visitor chooses.  The queue is bounded: at most NAERING_WARM_MAX pages
 * per tick, one at a time, all within NAERING_WARM_BUDGET; what is left
 * over is dropped (its next visitor renders it), and a tick that finds
 * more writes simply starts from the newest generation.  The checkpoint
 * runs before the warming, so a slow warm-up never keeps the WAL full.
 *
 * When what renders changes (new templates, a new module, changed
 * directives: httpd/identity.c; seen at a start or restart) it bans each
 * registered site's base from the caches NaeringPurge names: their pages
 * were rendered otherwise, and none of that is in a dependency key a
 * write bumps.  Once per change: mod_watchdog calls STARTING again
 * whenever another child takes the singleton over, so the identity last
 * banned is kept in the runtime directory (runstate.c), and so is the
 * generation each site's writes were purged up to: the next child (or the
 * next start, with nothing new) goes on from there, neither purging the
 * last write again nor losing one made while the ticks moved.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "apr_strings.h"
#include "apr_optional.h"
#include "apr_thread_mutex.h"
#include "apr_file_io.h"
#include "http_core.h"
#include "mod_watchdog.h"
#include "ap_listen.h"
#include "scoreboard.h"
#include "httpd/server.h"

#define NAERING_WATCHDOG "naering"
#define NAERING_TICK apr_time_from_msec(500)
#define NAERING_WAL_LIMIT (1024 * 1024)
#define NAERING_WARM_MAX 32
#define NAERING_WARM_BUDGET apr_time_from_msec(300)

/* The WAL's size in bytes, 0 when there is none. */
static apr_off_t naering_wal_size(apr_pool_t *p, const naering_site *s)
{
    struct stat st;

    return stat(apr_pstrcat(p, s->database, "-wal", NULL), &st) == 0
           ? (apr_off_t)st.st_size : 0;
}

static void naering_site_checkpoint(server_rec *srv, naering_site *s,
                                    apr_pool_t *p)
{
    naering_err *e = NULL;
    int done, frames;

    if (naering_wal_size(p, s) < NAERING_WAL_LIMIT)
        return;
    if (!s->ticker && (e = naering_store_open(p, s->database, 0,
                                              &s->ticker))) {
        naering_log_server(srv, APLOG_WARNING, 0, "checkpoint: %s",
                           naering_err_text(p, e));
        return;
    }
    if ((e = naering_store_checkpoint(s->ticker, p, &done, &frames))) {
        naering_log_server(srv, APLOG_WARNING, 0, "checkpoint: %s",
                           naering_err_text(p, e));
        naering_store_close(s->ticker);     /* a fresh one next time */
        s->ticker = NULL;
        return;
    }
    naering_log_server(srv, APLOG_DEBUG, 0, "checkpoint of %s: %d frames, "
                       "%s", s->database, frames, done ? "emptied" : "busy");
}

/* Every cache in front forgets what each site rendered before what renders
 * changed, once per change (runstate.c remembers). */
static void naering_ban_at_start(server_rec *srv, apr_pool_t *p)
{
    naering_site *s;
    int failed = 0, caches = 0;

    for (s = naering_site_registry(); s; s = s->next)
        caches += s->bans ? s->bans->nelts : 0;
    if (!caches || naering_banned_now(p))
        return;
    for (s = naering_site_registry(); s; s = s->next)
        failed += naering_purge_site(p, srv, s, "all");
    /* A cache that did not answer gets another try at the next start. */
    if (!failed)
        naering_banned_save(p);
}

/* Where this child's ticks start for a site: where the watchdog before
 * stopped, when what renders is the same; else at the last write before
 * the server started (the ban at start covers those): a write since then,
 * also one made while the watchdog was starting, is purged and warmed by
 * the first tick.  -1 when the database cannot say: the first tick takes
 * the last write. */
static void naering_site_resume(server_rec *srv, naering_site *s,
                                apr_pool_t *p)
{
    sqlite3_int64 had = naering_purged_load(p, s);

    s->warm_gen = had;
    if (had < 0 && ((!s->ticker && naering_store_open(p, s->database, 0,
                                                      &s->ticker))
                    || naering_store_generation_before(s->ticker, p,
                           ap_scoreboard_image->global->restart_time,
                           &s->warm_gen)))
        s->warm_gen = -1;
    if (s->warm_gen >= 0)
        naering_purged_save(p, s, s->warm_gen);
    naering_log_server(srv, APLOG_DEBUG, 0, "watchdog: %s from generation %"
                       APR_INT64_T_FMT " (%s)", s->database,
                       (apr_int64_t)s->warm_gen, had >= 0 ? "where the last "
                       "stopped" : "the server's start");
}

/* Whether Apache listens at sa: a listener on its port, bound to its
 * address or to every address. */
static int naering_listening(const apr_sockaddr_t *sa)
{
    const ap_listen_rec *lr;

    for (lr = ap_listeners; lr; lr = lr->next)
        if (lr->bind_addr && lr->bind_addr->port == sa->port
            && (apr_sockaddr_is_wildcard(lr->bind_addr)
                || apr_sockaddr_equal(lr->bind_addr, sa)))
            return 1;
    return 0;
}

/* One GET to this server at the address its page was asked on, the
 * answer read and thrown away (rendering it puts it in the caches), by
 * the deadline at the latest. */
static void naering_warm_one(apr_pool_t *p, const naering_warm_url *u,
                             apr_time_t deadline)
{
    const char *req = apr_pstrcat(p, "GET ", u->uri, " HTTP/1.1\r\nHost: ",
                                  u->host, "\r\nUser-Agent: mod_naering "
                                  "warm\r\nConnection: close\r\n\r\n",
                                  NULL);
    apr_sockaddr_t *sa;
    apr_socket_t *sock;
    apr_size_t n = strlen(req);
    char buf[8192];

    if (deadline - apr_time_now() <= 0      /* a negative timeout blocks */
        || apr_sockaddr_info_get(&sa, u->ip, APR_UNSPEC, u->port,
                              APR_IPV4_ADDR_OK, p)
        || !naering_listening(sa)
        || apr_socket_create(&sock, sa->family, SOCK_STREAM, APR_PROTO_TCP,
                             p))
        return;
    apr_socket_timeout_set(sock, deadline - apr_time_now());
    if (apr_socket_connect(sock, sa) == APR_SUCCESS
        && apr_socket_send(sock, req, &n) == APR_SUCCESS)
        do {
            n = sizeof(buf);
            if (apr_time_now() >= deadline)
                break;
            apr_socket_timeout_set(sock, deadline - apr_time_now());
        } while (apr_socket_recv(sock, buf, &n) == APR_SUCCESS);
    apr_socket_close(sock);
}

/* The pages the writes since the last tick changed, warmed again. */
static void naering_site_warm(server_rec *srv, naering_site *s, apr_pool_t *p,
                              apr_time_t deadline)
{
    naering_warm_want want;
    apr_array_header_t *urls;
    const char *keys;
    sqlite3_int64 gen;
    apr_time_t changed;
    naering_err *e;
    int i;

    if (!s->ticker && (e = naering_store_open(p, s->database, 0,
                                              &s->ticker)))
        return;             /* the checkpoint says why, when it matters */
    if ((e = naering_store_generation(s->ticker, p, &gen, &changed))
        || gen == s->warm_gen)
        return;
    if (s->warm_gen < 0)
        s->warm_gen = gen - 1;
    if (!(e = naering_store_changed_since(s->ticker, p, s->warm_gen,
                                             &want.everything, &want.lists,
                                             &want.paths, &keys))) {
        /* Every write reaches the caches in front from here too: those
         * of naering-admin (no request purges for them), and a page
         * rendered before its write's commit that reached a cache after
         * the editor's purge is purged again. */
        naering_log_server(srv, APLOG_DEBUG, 0, "keys changed in %s since "
                           "generation %" APR_INT64_T_FMT ": %s", s->database,
                           (apr_int64_t)s->warm_gen, keys);
        if (*keys)
            (void)naering_purge_site(p, srv, s, keys);
        urls = naering_shared_stale(p, srv, s, &want, NAERING_WARM_MAX);
        for (i = 0; i < urls->nelts && apr_time_now() < deadline; i++)
            naering_warm_one(p, &APR_ARRAY_IDX(urls, i, naering_warm_url),
                             deadline);
        naering_log_server(srv, APLOG_DEBUG, 0, "warmed %d pages of %s",
                           urls->nelts, s->database);
    }
    s->warm_gen = gen;
    naering_purged_save(p, s, gen);
}

/* mod_watchdog may call the callback with STOPPING from its pool's
 * cleanup while its thread still runs a tick (or its own STOPPING): the
 * tickers are used and closed under this lock only. */
static apr_thread_mutex_t *naering_tick_lock;
static int naering_stopping;        /* no tick opens a ticker after it */
static int naering_ticked;          /* a tick has run since STARTING */

static apr_status_t naering_tick_lock_gone(void *data)
{
    naering_tick_lock = NULL;
    return APR_SUCCESS;
}

static apr_status_t naering_warm_tick(int state, void *data, apr_pool_t *p)
{
    server_rec *srv = data;
    naering_site *s;
    apr_time_t deadline = apr_time_now() + NAERING_WARM_BUDGET;

    if (!naering_tick_lock)
        return APR_SUCCESS;
    apr_thread_mutex_lock(naering_tick_lock);
    if (state == AP_WATCHDOG_STATE_STARTING) {
        naering_stopping = 0;
        naering_ticked = 0;
        for (s = naering_site_registry(); s; s = s->next)
            naering_site_resume(srv, s, p);
        naering_ban_at_start(srv, p);
        /* Tests wait for this line: the ban at start is done by then. */
        naering_log_server(srv, APLOG_DEBUG, 0, "watchdog: ticks from "
                           "process %" APR_PID_T_FMT, getpid());
    }
    if (state == AP_WATCHDOG_STATE_STOPPING)
        naering_stopping = 1;
    for (s = naering_site_registry(); s; s = s->next) {
        if (state == AP_WATCHDOG_STATE_RUNNING && !naering_stopping) {
            naering_site_checkpoint(srv, s, p);
            naering_site_warm(srv, s, p, deadline);
        }
        /* A ticker opened while the database's files were not the web
         * server's would keep read-only handles, and every connection
         * this child opens would share its read-only shared memory
         * (store/dbfiles.c): it goes after each tick until they are. */
        if (s->ticker && (state == AP_WATCHDOG_STATE_STOPPING
                          || naering_store_readonly(s->ticker))) {
            naering_store_close(s->ticker);
            s->ticker = NULL;
        }
    }
    if (state == AP_WATCHDOG_STATE_RUNNING && !naering_ticked++)
        naering_log_server(srv, APLOG_DEBUG, 0, "watchdog: first tick done");
    apr_thread_mutex_unlock(naering_tick_lock);
    return APR_SUCCESS;
}

/* post_config: the callback registered with a singleton watchdog.  A
 * server without mod_watchdog runs without it (SQLite's own checkpoints
 * only), and says so. */
int naering_warm_post_config(apr_pool_t *pconf, server_rec *s)
{
    APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) *get =
        APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) *reg =
        APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    ap_watchdog_t *wd;
    apr_status_t rv;

    if (!naering_site_registry())
        return OK;
    if (!get || !reg) {
        naering_log_server(s, APLOG_WARNING, 0, "mod_watchdog is not "
                           "loaded: the WAL is left to SQLite's own "
                           "checkpoints and may grow under steady load");
        return OK;
    }
    if ((rv = apr_thread_mutex_create(&naering_tick_lock,
                                      APR_THREAD_MUTEX_DEFAULT, pconf))
        != APR_SUCCESS) {
        naering_log_server(s, APLOG_CRIT, rv, "cannot start the watchdog");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    apr_pool_cleanup_register(pconf, NULL, naering_tick_lock_gone,
                              apr_pool_cleanup_null);
    naering_runstate_post_config(pconf, s);
    if ((rv = get(&wd, NAERING_WATCHDOG, 0, 1, pconf)) != APR_SUCCESS
        || (rv = reg(wd, NAERING_TICK, s, naering_warm_tick)) != APR_SUCCESS) {
        naering_log_server(s, APLOG_CRIT, rv, "cannot start the watchdog");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}
