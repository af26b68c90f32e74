# The fallback for a Varnish without the xkey module (conf/varnish.vcl is
# the one to use when Debian's varnish-modules is installed): public pages
# are cached until the module bans them; the editor and every request with
# credentials go straight through.  In httpd.conf, point the module at
# this cache:   NaeringPurge http://127.0.0.1:6081
# The module first sends "PURGE <base>/" with xkey-purge (the keys the
# write changed); this VCL refuses it (405), and the module then sends
# "BAN <base>/" with X-Ban-Url: every page of the site goes.
vcl 4.1;

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
}
