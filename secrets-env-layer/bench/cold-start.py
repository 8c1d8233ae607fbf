#!/usr/bin/env python3
"""Cold-start cost of the secrets-env wrapper: whole-process wall time, wrapper + Java fetcher + exec of a no-op
"runtime" (/bin/true), against a local moto_server this script starts, next to `aws secretsmanager get-secret-value`
and a boto3 one-liner measured in the same run. Prints median / p90 / min-max over N runs (cases interleaved) and the ratio to the boto3
baseline. Compares the fetcher's two clients (direct signed POST, the default; the full SDK client,
SECRETS_ENV_CLIENT=sdk), a few JVM option sets, and the main cases again over HTTPS (a TLS front this script puts
before moto, its certificate added to a copy of the JDK's cacerts), as Lambda always is, with the TLS start-up
candidates: the fetcher's TLS warm-up thread switched off, a trust store of only the Amazon roots (plus the bench
certificate), TLS 1.3/x25519 only without extra extensions, and egd=/dev/./urandom.

Usage (from the repository root, after `./mvnw -pl secrets-env-layer -am package -DskipTests`):
  .venv/bin/python secrets-env-layer/bench/cold-start.py [--runs 15] [--java /path/to/bin/java]
"""
import argparse, http.server, json, os, re, shutil, socket, ssl, statistics, subprocess, sys, tempfile, threading, time
import urllib.error, urllib.request
from pathlib import Path

MODULE = Path(__file__).resolve().parents[1]
ROOT = MODULE.parent
DEFAULT_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto"
TLS_TRIM = ("-Djdk.tls.client.protocols=TLSv1.3 -Djdk.tls.namedGroups=x25519 -Djdk.tls.client.enableSessionTicketExtension=false "
            "-Djdk.tls.client.enableStatusRequestExtension=false")
AWS_CLI = "/root/.pyenv/shims/aws"  # not one of the project's pinned tools: its row is skipped when missing


def assemble(layer: Path):
    for sub in ("java/lib", "secrets-env/lib"):
        (layer / sub).mkdir(parents=True, exist_ok=True)
    jars = [p for p in (MODULE / "target").glob("secrets-env-layer-*.jar") if not p.name.endswith(("-tests.jar", "-sources.jar"))]
    if not jars:
        sys.exit("no module jar: run ./mvnw -pl secrets-env-layer -am package -DskipTests first")
    for jar in jars + list((MODULE / "target/lambda-lib").glob("*.jar")):
        shutil.copy(jar, layer / "java/lib")
    for jar in (MODULE / "target/fetcher-lib").glob("*.jar"):
        shutil.copy(jar, layer / "secrets-env/lib")
    shutil.copy(MODULE / "src/main/layer/secrets-env-wrapper", layer / "secrets-env-wrapper")
    (layer / "secrets-env-wrapper").chmod(0o755)
    return sum(f.stat().st_size for f in layer.rglob("*.jar")), len(list(layer.rglob("*.jar")))


def start_moto():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    moto = os.environ.get("MOTO_SERVER") or str(ROOT / ".venv/bin/moto_server")
    proc = subprocess.Popen([moto, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("moto_server did not start")


def start_tls_front(work: Path, upstream: str, java: str):
    """HTTPS on a free port, forwarding to moto. Returns (endpoint, PEM for boto3, JVM truststore options)."""
    key, cert = work / "key.pem", work / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    # the JDK's own cacerts plus ours, so the JVM loads a trust store of realistic size
    java_home = Path(java).resolve().parents[1]
    store = work / "truststore.p12"
    shutil.copy(java_home / "lib/security/cacerts", store)
    store.chmod(0o644)
    subprocess.run([java_home / "bin/keytool", "-importcert", "-noprompt", "-alias", "bench", "-file", cert,
                    "-keystore", store, "-storepass", "changeit"], check=True, capture_output=True)

    class Forward(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")}
            try:
                with urllib.request.urlopen(urllib.request.Request(upstream + self.path, body, headers, method="POST")) as r:
                    status, reply, reply_headers = r.status, r.read(), r.headers
            except urllib.error.HTTPError as e:
                status, reply, reply_headers = e.code, e.read(), e.headers
            self.send_response(status)
            for name in ("Content-Type", "x-amzn-ErrorType", "x-amzn-RequestId"):
                if reply_headers.get(name):
                    self.send_header(name, reply_headers[name])
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"https://127.0.0.1:{server.server_address[1]}", str(cert), \
        f"-Djavax.net.ssl.trustStore={store}", \
        f"-Djavax.net.ssl.trustStore={small_trust_store(work, java_home, store)}"


def small_trust_store(work: Path, java_home: Path, full: Path):
    """Only the Amazon Trust Services roots (Amazon Root CA 1-4, Starfield Services Root CA G2) from the JDK's cacerts,
    plus the bench certificate: what a layer-shipped store would hold. Measures whether the trust store's size matters."""
    keytool = java_home / "bin/keytool"
    listing = subprocess.run([keytool, "-list", "-keystore", full, "-storepass", "changeit"], check=True,
                             capture_output=True, text=True).stdout
    aliases = [line.split(",")[0] for line in listing.splitlines()
               if re.search(r"amazon.?root.?ca.?[1-4]|starfield.?services.?root", line.split(",")[0], re.I) or line.startswith("bench,")]
    if len(aliases) != 6:
        sys.exit(f"expected 5 Amazon roots and the bench certificate in the trust store, found {aliases}")
    small = work / "small-truststore.p12"
    for alias in aliases:
        pem = subprocess.run([keytool, "-exportcert", "-rfc", "-alias", alias, "-keystore", full, "-storepass", "changeit"],
                             check=True, capture_output=True).stdout
        # certificates unencrypted and no MAC, like the JDK's cacerts: readable without a password, no PBKDF2 cost
        subprocess.run([keytool, "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE", "-J-Dkeystore.pkcs12.macAlgorithm=NONE",
                        "-importcert", "-noprompt", "-alias", alias, "-keystore", small, "-storepass", "changeit",
                        "-storetype", "PKCS12"], input=pem, check=True, capture_output=True)
    return small


def measure(cases, runs):
    """Round-robin over the cases (run 1 of each, then run 2 of each, ...): load from other processes on a shared
    machine then hits every case alike instead of whichever ran during a busy minute."""
    times = {name: [] for name, _, _ in cases}
    for name, cmd, env in cases:  # warm the page cache
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode != 0:
            sys.exit(f"{name} failed: {done.stderr.decode()[-800:]}")
    for _ in range(runs):
        for name, cmd, env in cases:
            t0 = time.perf_counter()
            done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            times[name].append((time.perf_counter() - t0) * 1000)
            if done.returncode != 0:
                sys.exit(f"{name} failed: {done.stderr.decode()[-800:]}")
    results = []
    for name, _, _ in cases:
        t = sorted(times[name])
        results.append((name, statistics.median(t), t[int(len(t) * 0.9) - 1 if len(t) >= 10 else -1], t[0], t[-1]))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--java", default=os.environ.get("SECRETS_ENV_JAVA") or shutil.which("java"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="secrets-env-bench-"))
    jar_bytes, jar_count = assemble(work / "opt")
    wrapper = str(work / "opt/secrets-env-wrapper")
    moto, endpoint = start_moto()
    try:
        env = {"PATH": os.environ["PATH"], "HOME": str(work), "LANG": "C.UTF-8", "AWS_ENDPOINT_URL": endpoint,
               "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing",
               "AWS_SECRET_ACCESS_KEY": "testing", "SECRETS_ENV_JAVA": args.java, "SECRETS_ENV_SECRETS": "bench/db"}
        import boto3
        boto3.client("secretsmanager", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                     aws_secret_access_key="testing").create_secret(
            Name="bench/db", SecretString=json.dumps({"DB_USER": "app", "DB_PASSWORD": "p@ss$(x)`y`", "DB_PORT": 5432}))

        tls, tls_endpoint, pem, trust, small_trust = start_tls_front(work, endpoint, args.java)
        tls_env = dict(env, AWS_ENDPOINT_URL=tls_endpoint, AWS_CA_BUNDLE=pem)

        java_version = subprocess.run([args.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
        fetch = [wrapper, "/bin/true"]
        sdk = dict(env, SECRETS_ENV_CLIENT="sdk")
        boto3_one_liner = [sys.executable, "-c", "import boto3; boto3.client('secretsmanager').get_secret_value(SecretId='bench/db')"]
        cases = [
            ("bash wrapper alone, no fetch (bash + exec /bin/true)", ["/bin/bash", "-c", "exec /bin/true"], env),
            ("java -version (JVM start floor)", [args.java, "-Xshare:auto", "-version"], env),
            ("boto3 one-liner  [BASELINE]", boto3_one_liner, env),
            ("fetcher: SDK client (SECRETS_ENV_CLIENT=sdk)  [before]", fetch, sdk),
            ("fetcher: direct signed POST (default)  [after]", fetch, env),
            ("direct, JVM defaults (no options)", fetch, dict(env, SECRETS_ENV_JVM_OPTIONS="")),
            ("direct, default + -Xmx64m -Xss512k", fetch, dict(env, SECRETS_ENV_JVM_OPTIONS=f"{DEFAULT_OPTS} -Xmx64m -Xss512k")),
            ("direct, default + -XX:-StackTraceInThrowable", fetch, dict(env, SECRETS_ENV_JVM_OPTIONS=f"{DEFAULT_OPTS} -XX:-StackTraceInThrowable")),
            ("direct, default + -Xshare:off (no CDS at all)", fetch, dict(env, SECRETS_ENV_JVM_OPTIONS=DEFAULT_OPTS.replace("-Xshare:auto", "-Xshare:off"))),
            ("HTTPS: boto3 one-liner", boto3_one_liner, tls_env),
            ("HTTPS: fetcher, SDK client", fetch, dict(tls_env, SECRETS_ENV_CLIENT="sdk", SECRETS_ENV_JVM_OPTIONS=f"{DEFAULT_OPTS} {trust}")),
            ("HTTPS: fetcher, direct (default)", fetch, dict(tls_env, SECRETS_ENV_JVM_OPTIONS=f"{DEFAULT_OPTS} {trust}")),
            ("HTTPS: direct, no TLS warm-up thread", fetch, dict(tls_env, SECRETS_ENV_JVM_OPTIONS=f"{DEFAULT_OPTS} {trust} -Dsecrets-env.tls-warm-up=false")),
            ("HTTPS: direct, 6-cert trust store", fetch, dict(tls_env, SECRETS_ENV_JVM_OPTIONS=f"{DEFAULT_OPTS} {small_trust}")),
            ("HTTPS: direct + TLSv1.3, x25519, no ticket/OCSP ext.", fetch, dict(tls_env, SECRETS_ENV_JVM_OPTIONS=f"{DEFAULT_OPTS} {trust} {TLS_TRIM}")),
            ("HTTPS: direct + egd=/dev/./urandom", fetch, dict(tls_env, SECRETS_ENV_JVM_OPTIONS=f"{DEFAULT_OPTS} {trust} -Djava.security.egd=file:/dev/./urandom")),
        ]
        if os.path.exists(AWS_CLI):
            cases.insert(2, ("aws secretsmanager get-secret-value (AWS CLI)", [AWS_CLI, "secretsmanager", "get-secret-value", "--secret-id", "bench/db", "--query", "Name"], env))
        results = measure(cases, args.runs)
        baseline = next(r[1] for r in results if "BASELINE" in r[0])
        print(f"secrets-env cold-start bench: {args.runs} runs each, {java_version}, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}; layer jars: {jar_count} files, {jar_bytes / 1e6:.1f} MB")
        print(f"{'case':58} {'median ms':>10} {'p90 ms':>8} {'min-max ms':>11} {'vs boto3':>9}")
        for name, median, p90, low, high in results:
            print(f"{name:58} {median:10.0f} {p90:8.0f} {f'{low:.0f}-{high:.0f}':>11} {median / baseline:8.2f}x")
        tls.shutdown()
    finally:
        moto.terminate()
        moto.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
