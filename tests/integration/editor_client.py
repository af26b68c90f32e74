"""A small editor client for the tests: Basic auth, the CSRF token and the
revision read from the form the module renders, posts from this origin."""
import base64
import html
import re
import subprocess
import urllib.parse

USERS = {"redaktor": "redaktor", "annen": "annen-passord"}


def add_users(apache, users=USERS):
    path = apache.rundir + "/htpasswd"
    for i, (user, password) in enumerate(users.items()):
        flags = "-bcB" if i == 0 else "-bB"
        subprocess.run(["htpasswd", flags, path, user, password],
                       check=True, capture_output=True)


def auth(user, password=None):
    password = USERS.get(user, "") if password is None else password
    token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    return {"Authorization": "Basic " + token}


def field(page_html, name):
    m = re.search(r'name="%s"[^>]*value="([^"]*)"' % re.escape(name), page_html)
    return html.unescape(m.group(1)) if m else None


def textarea(page_html, name):
    m = re.search(r'<textarea[^>]*name="%s"[^>]*>(.*?)</textarea>'
                  % re.escape(name), page_html, re.S)
    return html.unescape(m.group(1)) if m else None


class Editor:
    def __init__(self, apache, user="redaktor", password=None):
        self.apache = apache
        self.user = user
        self.headers = auth(user, password)

    def get(self, path, query=""):
        url = "/redigering" + (path if path != "/" else "")
        return self.apache.get(url + (("?" + query) if query else ""),
                               self.headers)

    def form(self, path):
        """The edit form's current values: csrf, revision and fields."""
        page = self.get(path)
        assert page.status == 200, page.status
        return {
            "csrf": field(page.text, "csrf"),
            "revision": field(page.text, "revision"),
            "title": field(page.text, "title"),
            "summary": textarea(page.text, "summary") or "",
            "body": textarea(page.text, "body"),
            "contact_name": field(page.text, "contact_name") or "",
            "contact_email": field(page.text, "contact_email") or "",
            "contact_phone": field(page.text, "contact_phone") or "",
            "status": "publisert",
            "handling": "lagre",
        }

    def post(self, path, data, origin=True, raw=None, headers=None):
        url = "/redigering" + (path if path != "/" else "")
        h = dict(self.headers)
        h["Content-Type"] = "application/x-www-form-urlencoded"
        if origin:
            h["Origin"] = "http://127.0.0.1:%d" % self.apache.port
        h.update(headers or {})
        body = raw if raw is not None else urllib.parse.urlencode(data).encode()
        return self.apache.request("POST", url, h, body)

    def save(self, path, **changes):
        data = self.form(path)
        data.update(changes)
        return self.post(path, data)

    def csrf(self, path="/"):
        return field(self.get(path).text, "csrf")
