"""A real OpenLDAP slapd for the tests: generated slapd.conf, an mdb
database and a pid file in a temp directory, 127.0.0.1 on a free port, run
in the foreground (any -d keeps it from forking, so Popen's PID is slapd's)
and stopped by that PID.

The directory (dc=knutepunkt,dc=no):
    ou=people   uid=redaktor, uid=raadgiver, uid=ekstern   (inetOrgPerson)
    ou=groups   cn=redaktorer  member: redaktor, raadgiver   (groupOfNames)
                cn=samferdsel  member: raadgiver
ekstern is in no group.  Passwords are stored as {SSHA}.
"""
import base64
import hashlib
import os
import shutil
import subprocess
import tempfile
import time

from conftest import free_port, stop_process

SLAPD = "/usr/sbin/slapd"
SLAPADD = shutil.which("slapadd") or "/usr/sbin/slapadd"
SCHEMA_DIR = "/etc/ldap/schema"
MODULE_DIR = "/usr/lib/ldap"

SUFFIX = "dc=knutepunkt,dc=no"
PEOPLE = "ou=people," + SUFFIX
GROUPS = "ou=groups," + SUFFIX
ROOTDN = "cn=admin," + SUFFIX
ROOTPW = "admin-hemmelig"

USERS = {
    "redaktor": "redaktor-passord",
    "raadgiver": "raadgiver-passord",
    "ekstern": "ekstern-passord",
}
GROUP_MEMBERS = {
    "redaktorer": ["redaktor", "raadgiver"],
    "samferdsel": ["raadgiver"],
}


def user_dn(uid):
    return "uid=%s,%s" % (uid, PEOPLE)


def group_dn(cn):
    return "cn=%s,%s" % (cn, GROUPS)


def ssha(password):
    """{SSHA} as slappasswd makes it: base64(sha1(password + salt) + salt)."""
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def slapd_conf(tmp):
    schema = "\n".join("include %s/%s.schema" % (SCHEMA_DIR, s)
                       for s in ("core", "cosine", "inetorgperson", "nis"))
    return """\
%(schema)s
modulepath %(moddir)s
moduleload back_mdb
pidfile %(tmp)s/slapd.pid
argsfile %(tmp)s/slapd.args

database mdb
maxsize 10485760
suffix "%(suffix)s"
rootdn "%(rootdn)s"
rootpw %(rootpw)s
directory %(tmp)s/db
index objectClass eq
index uid eq
index member eq
# As a site would have it: password hashes are for binding only, the rest
# (uid search, group compare) is open to the anonymous search connection
# that mod_authnz_ldap uses.
access to attrs=userPassword
    by anonymous auth
    by self write
    by * none
access to *
    by * read
""" % {"schema": schema, "moddir": MODULE_DIR, "tmp": tmp, "suffix": SUFFIX,
       "rootdn": ROOTDN, "rootpw": ssha(ROOTPW)}


def directory_ldif():
    out = ["""\
dn: %s
objectClass: dcObject
objectClass: organization
dc: knutepunkt
o: Knutepunkt Sorlandet

dn: %s
objectClass: organizationalUnit
ou: people

dn: %s
objectClass: organizationalUnit
ou: groups
""" % (SUFFIX, PEOPLE, GROUPS)]
    for n, (uid, password) in enumerate(USERS.items()):
        out.append("""\
dn: %s
objectClass: inetOrgPerson
objectClass: posixAccount
uid: %s
cn: %s
sn: %s
uidNumber: %d
gidNumber: 10000
homeDirectory: /home/%s
userPassword: %s
""" % (user_dn(uid), uid, uid.capitalize(), uid.capitalize(), 10001 + n,
       uid, ssha(password)))
    for cn, members in GROUP_MEMBERS.items():
        out.append("dn: %s\nobjectClass: groupOfNames\ncn: %s\n%s\n" % (
            group_dn(cn), cn,
            "\n".join("member: " + user_dn(m) for m in members)))
    return "\n".join(out)


class Slapd:
    """One running slapd and its temp directory."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="naering-ldap-")
        self.port = free_port()
        self.url = "ldap://127.0.0.1:%d" % self.port
        self.conf = os.path.join(self.tmp, "slapd.conf")
        self.log_path = os.path.join(self.tmp, "slapd.log")
        self.proc = None
        os.makedirs(os.path.join(self.tmp, "db"))
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(slapd_conf(self.tmp))
        ldif = os.path.join(self.tmp, "directory.ldif")
        with open(ldif, "w", encoding="utf-8") as f:
            f.write(directory_ldif())
        # Offline load: checks the config and the entries before any start.
        subprocess.run([SLAPADD, "-f", self.conf, "-l", ldif], check=True,
                       capture_output=True)

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def start(self):
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [SLAPD, "-h", self.url + "/", "-f", self.conf, "-d", "stats"],
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 15
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("slapd exited %s:\n%s" % (
                    self.proc.returncode, self.log()))
            if self.search(user_dn("redaktor"), "uid").returncode == 0:
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("slapd did not answer in 15 s:\n" + self.log())

    def search(self, base, *attrs, bind=(ROOTDN, ROOTPW), scope="base"):
        """ldapsearch against this server; bind=None searches anonymously."""
        cmd = ["ldapsearch", "-x", "-LLL", "-H", self.url, "-o", "nettimeout=2",
               "-s", scope, "-b", base]
        if bind:
            cmd += ["-D", bind[0], "-w", bind[1]]
        return subprocess.run(cmd + list(attrs), capture_output=True,
                              text=True)

    def whoami(self, uid, password):
        return subprocess.run(
            ["ldapwhoami", "-x", "-H", self.url, "-D", user_dn(uid),
             "-w", password], capture_output=True, text=True)

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        stop_process(self.proc)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)
