// A real Apache with the built module, for the browser tests: the same
// configuration the demo and the integration tests use (conf/httpd-test.conf.in
// filled in by scripts/httpd-conf), a fresh demo database (scripts/demo-db),
// an htpasswd file with redaktor/redaktor, a free port on 127.0.0.1 and a
// fresh run directory under the system temp dir.  Stopped by its PID.
//
//   const site = await startServer();   // site.url, site.port, site.rundir
//   ...
//   const log = await site.stop();      // the error log; run dir removed
//
// Paths come from the environment that "make check" sets (NAERING_SRCDIR,
// NAERING_BUILDDIR, NAERING_MODULE, NAERING_ADMIN, APACHE2), with defaults
// relative to this repository.  As root, Apache's children run as www-data,
// so the run directory is world-traversable and owned by www-data.
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

export const SRCDIR = process.env.NAERING_SRCDIR || path.resolve(here, '..', '..');
const BUILDDIR = process.env.NAERING_BUILDDIR || SRCDIR;
export const MODULE = process.env.NAERING_MODULE || path.join(BUILDDIR, '.libs', 'mod_naering.so');
export const ADMIN = process.env.NAERING_ADMIN || path.join(BUILDDIR, 'naering-admin');
export const TEMPLATES = path.join(SRCDIR, 'xslt');
const RUN_AS_ROOT = typeof process.geteuid === 'function' && process.geteuid() === 0;

function findApache() {
    if (process.env.APACHE2) {
        return process.env.APACHE2;
    }
    for (const dir of (process.env.PATH || '').split(':').concat(['/usr/sbin'])) {
        const p = path.join(dir || '.', 'apache2');
        if (fs.existsSync(p)) {
            return p;
        }
    }
    return '/usr/sbin/apache2';
}

export const APACHE = findApache();

/** A free TCP port on 127.0.0.1. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

function canConnect(port) {
    return new Promise((resolve) => {
        const sock = net.connect({ host: '127.0.0.1', port });
        const done = (ok) => { sock.destroy(); resolve(ok); };
        sock.setTimeout(200, () => done(false));
        sock.once('connect', () => done(true));
        sock.once('error', () => done(false));
    });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

function run(cmd, args, options = {}) {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/** Every live server (PID -> run dir), so that a test run that dies
 *  half-way still stops its own Apaches and removes their run dirs. */
const live = new Map();
process.on('exit', () => {
    for (const [pid, rundir] of live) {
        try {
            process.kill(pid, 'SIGTERM');
        } catch {
            // already gone
        }
        if (!process.env.BROWSER_KEEP_RUNDIR) {
            fs.rmSync(rundir, { recursive: true, force: true });
        }
    }
});

/**
 * Starts Apache with the module and a fresh demo site.
 * options.users: { name: password } for the htpasswd file (default redaktor/redaktor).
 * options.loglevel: Apache LogLevel (default "info").
 * options.extraConf: configuration text added after the site's (as
 *   extra/test.conf), e.g. a smaller NaeringMaxUpload.
 */
export async function startServer(options = {}) {
    const users = options.users || { redaktor: 'redaktor' };
    for (const [what, file] of [['module', MODULE], ['naering-admin', ADMIN], ['apache2', APACHE]]) {
        if (!fs.existsSync(file)) {
            throw new Error(`${what} not found at ${file} (build with "make", or set NAERING_MODULE / NAERING_ADMIN / APACHE2)`);
        }
    }
    const rundir = fs.mkdtempSync(path.join(os.tmpdir(), 'naering-browser-'));
    fs.chmodSync(rundir, 0o755);
    const port = await freePort();
    const db = path.join(rundir, 'site.db');
    run(path.join(SRCDIR, 'scripts', 'demo-db'), [db], { env: { ...process.env, NAERING_ADMIN: ADMIN } });

    const userLines = RUN_AS_ROOT ? 'User www-data\nGroup www-data' : '';
    const conf = run(path.join(SRCDIR, 'scripts', 'httpd-conf'),
        [rundir, String(port), db, TEMPLATES, MODULE, userLines, options.loglevel || 'info']);
    const confPath = path.join(rundir, 'httpd.conf');
    fs.writeFileSync(confPath, conf);
    fs.mkdirSync(path.join(rundir, 'extra'), { recursive: true });
    if (options.extraConf) {
        fs.writeFileSync(path.join(rundir, 'extra', 'test.conf'), options.extraConf);
    }

    const htpasswd = path.join(rundir, 'htpasswd');
    Object.entries(users).forEach(([user, password], i) => {
        run('htpasswd', [i === 0 ? '-bcB' : '-bB', htpasswd, user, password]);
    });
    if (RUN_AS_ROOT) {
        // the children write the database, its WAL and the documents
        run('chown', ['-R', 'www-data:www-data', rundir]);
    }

    const errorLogPath = path.join(rundir, 'error.log');
    const errorLog = () => {
        try {
            return fs.readFileSync(errorLogPath, 'utf8');
        } catch {
            return '';
        }
    };
    const proc = spawn(APACHE, ['-f', confPath, '-DFOREGROUND'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (d) => { output += d; });
    proc.stderr.on('data', (d) => { output += d; });
    let exited = null;
    const exitPromise = new Promise((ok) => proc.once('exit', (code, signal) => {
        exited = { code, signal };
        live.delete(proc.pid);
        ok(exited);
    }));
    live.set(proc.pid, rundir);

    const deadline = Date.now() + 15000;
    for (;;) {
        if (exited) {
            fs.rmSync(rundir, { recursive: true, force: true });
            throw new Error(`apache2 exited (${exited.code ?? exited.signal}):\n${output}\n${errorLog()}`);
        }
        if (await canConnect(port)) {
            break;
        }
        if (Date.now() > deadline) {
            proc.kill('SIGKILL');
            await exitPromise;
            throw new Error(`apache2 did not listen on 127.0.0.1:${port} in 15 s:\n${output}\n${errorLog()}`);
        }
        await sleep(50);
    }

    const url = `http://127.0.0.1:${port}`;
    return {
        url,
        port,
        rundir,
        db,
        pid: proc.pid,
        errorLog,
        /**
         * Stops this Apache gracefully (SIGWINCH), then SIGTERM after 15 s
         * and SIGKILL after 30 s; returns its error log.  Not a hard stop
         * first: on one the event MPM's child may close a worker's socket
         * whose pool that worker has already destroyed, a segfault of
         * httpd's own that the "exit signal" check would blame on the
         * module (tests/integration/test_shutdown.py tells it, and tests
         * hard stops under the worker MPM).
         */
        async stop({ keep = !!process.env.BROWSER_KEEP_RUNDIR } = {}) {
            if (!exited) {
                proc.kill('SIGWINCH');
                const hard = setTimeout(() => { if (!exited) proc.kill('SIGTERM'); }, 15000);
                const kill = setTimeout(() => { if (!exited) proc.kill('SIGKILL'); }, 30000);
                await exitPromise;
                clearTimeout(hard);
                clearTimeout(kill);
            }
            const log = errorLog();
            if (!keep) {
                fs.rmSync(rundir, { recursive: true, force: true });
            }
            return log;
        },
    };
}
