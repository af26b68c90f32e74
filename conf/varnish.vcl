# Varnish in front of mod_naering (Debian's varnish 7 with the xkey module
# of varnish-modules): public pages are cached until a write changes what
# they were built from; the editor and every request with credentials go
# straight through.  In httpd.conf, point the module at this cache:
#     NaeringPurge http://127.0.0.1:6081
# Every page carries its dependency keys in an xkey header ("naering:p12
# naering:menu ..."); after a write the module sends "PURGE <base>/" with
# "xkey-purge: <the keys the write changed>", and only the pages built from
# them go.  A write that changed everything, or a cache that refuses the
# PURGE, gets "BAN <base>/" with X-Ban-Url (kept below).  Without
# varnish-modules use conf/varnish-ban.vcl: bans only.
vcl 4.1;

import xkey;

backend naering {
    .host = "127.0.0.1";
    .port = "8080";
}

# Who may ban: only the web server itself.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge missing"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged));
    }
    if (req.method == "BAN") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (!req.http.X-Ban-Url) {
            return (synth(400, "X-Ban-Url missing"));
        }
        ban("obj.http.X-Naering-Url ~ " + req.http.X-Ban-Url);
        return (synth(200, "Banned"));
    }
    # Editors and anything logged in never see a cached page.
    if (req.url ~ "^(/[^/]+)*/redigering(/|\?|$)" || req.http.Authorization) {
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Kept for bans to match on (the ban lurker works on objects).
    set beresp.http.X-Naering-Url = bereq.url;
    if (beresp.http.Cache-Control ~ "(private|no-store)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The module says max-age=0 so that browsers revalidate; the cache
    # keeps pages until a ban says they changed.
    if (beresp.status == 200 || beresp.status == 301 || beresp.status == 404) {
        set beresp.ttl = 1h;
        set beresp.grace = 10s;
    }
}

sub vcl_deliver {
    unset resp.http.X-Naering-Url;
    # The keys are for this cache only.
    unset resp.http.xkey;
}
