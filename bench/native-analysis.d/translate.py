#!/usr/bin/env python3
"""Translate Quarkus' target/native-sources into a command line for GraalVM's image generator.

bench/native-analysis calls this; it stands in for the `native-image` driver, which is not
published to Maven Central (org.graalvm.nativeimage:svm-driver does not resolve). What the driver
would do, and so what this does:

  * read native-image.args (Quarkus' driver options) and the runner jar's manifest
    (Main-Class, Class-Path, Add-Opens, Add-Exports) -> -imagecp, -H:Class, -H:Name, -H:Path,
    -H:AddOpens, -H:AddExports;
  * read `Args=` of every META-INF/native-image/**/native-image.properties on the image class path
    (the driver applies them; `${.}` is the properties file's directory) and honour
    `--exclude-config <jar-regex> <resource-regex>`;
  * turn every META-INF/native-image/**/{reflect,resource,jni,proxy,serialization,
    predefined-classes}-config.json and reachability-metadata.json into the builder's
    -H:<Kind>ConfigurationResources=<path> (the driver does the same);
  * map the API options (--features, --initialize-at-*, --link-at-build-time, ...) onto the
    hosted options they are declared for (@APIOption in the svm jar).

An option it does not know is an error, not silently dropped: the verdict must not rest on a
build that quietly ran with fewer options than the real one.

Usage: native-analysis.py NATIVE_SOURCES_DIR OUT_DIR  -> writes OUT_DIR/builder-jvm.args (JVM
options, one per line, for `java @file`) and OUT_DIR/builder.args (generator arguments, one per
line) and prints a summary.
"""
import os
import re
import sys
import zipfile

CONFIG_KINDS = {
    "reflect-config.json": "ReflectionConfigurationResources",
    "resource-config.json": "ResourceConfigurationResources",
    "jni-config.json": "JNIConfigurationResources",
    "proxy-config.json": "DynamicProxyConfigurationResources",
    "serialization-config.json": "SerializationConfigurationResources",
    "predefined-classes-config.json": "PredefinedClassesConfigurationResources",
    "reachability-metadata.json": "ReachabilityMetadataResources",
}

# API option -> hosted option (from the @APIOption annotations of svm 25.0.2)
SIMPLE = {
    "--features": "Features",
    "--enable-url-protocols": "EnableURLProtocols",
    "--enable-monitoring": "EnableMonitoringFeatures",
    "--enable-native-access": "EnableNativeAccess",
    "--add-exports": "AddExports",
    "--add-opens": "AddOpens",
    "--add-reads": "AddReads",
    "--trace-class-initialization": "TraceClassInitialization",
    "--trace-object-instantiation": "TraceObjectInstantiation",
}


def parse_properties(text):
    """Java .properties: `key = value`, `\\` continues a line, `#`/`!` start comments."""
    props, logical, buf = {}, [], ""
    for raw in text.splitlines():
        line = raw.strip() if not buf else raw.lstrip()
        if not buf and (not line or line[0] in "#!"):
            continue
        if line.endswith("\\") and not line.endswith("\\\\"):
            buf += line[:-1]
            continue
        logical.append(buf + line)
        buf = ""
    if buf:
        logical.append(buf)
    for line in logical:
        m = re.match(r"([^=:\s]+)\s*[=:\s]\s*(.*)$", line)
        if m:
            props[m.group(1)] = m.group(2).strip()
    return props


def split_args(value):
    # native-image.properties Args are whitespace separated; quotes are rare and unsupported here
    if '"' in value or "'" in value:
        raise SystemExit(f"quoted Args not supported: {value}")
    return value.split()


class Translator:
    def __init__(self):
        self.jvm, self.hosted, self.unknown = [], [], []
        self.init = []  # (value, origin)

    def api(self, args, origin):
        i = 0
        while i < len(args):
            a = args[i]
            i += 1
            if a.startswith("-J"):
                self.jvm.append(a[2:])
            elif a.startswith("-H:") or a.startswith("-R:"):
                self.hosted.append(a)
            elif a == "--no-fallback":
                self.hosted.append("-H:FallbackThreshold=0")
            elif a == "--link-at-build-time":
                self.hosted.append("-H:LinkAtBuildTime=")
            elif a.startswith("--link-at-build-time="):
                self.hosted.append("-H:LinkAtBuildTime=" + a.split("=", 1)[1])
            elif a.startswith("--initialize-at-build-time") or a.startswith("--initialize-at-run-time"):
                kind = "build_time" if "build-time" in a else "run_time"
                value = a.split("=", 1)[1] if "=" in a else ""
                items = value.split(",") if value else [""]
                self.hosted.append("-H:ClassInitialization=" + ",".join(f"{c}:{kind}" for c in items))
            elif "=" in a and a.split("=", 1)[0] in SIMPLE:
                k, v = a.split("=", 1)
                self.hosted.append(f"-H:{SIMPLE[k]}={v}")
            elif a in ("--verbose",):
                pass
            else:
                self.unknown.append((a, origin))
        return self


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(src, "native-image.args")) as f:
        quarkus = f.read().split()
    # driver-only arguments first: --exclude-config pairs, -jar, the image name
    excludes, driver, jar, name = [], [], None, None
    i = 0
    while i < len(quarkus):
        a = quarkus[i]
        if a == "--exclude-config":
            excludes.append((re.compile(quarkus[i + 1]), re.compile(quarkus[i + 2])))
            i += 3
            continue
        if a == "-jar":
            jar = quarkus[i + 1]
            i += 2
            continue
        if not a.startswith("-"):
            name = a
        else:
            driver.append(a)
        i += 1
    if not jar or not name:
        raise SystemExit("native-image.args has no -jar or no image name")
    jar_path = os.path.join(src, jar)
    with zipfile.ZipFile(jar_path) as z:
        manifest = parse_manifest(z.read("META-INF/MANIFEST.MF").decode())
    main_class = manifest["Main-Class"]
    classpath = [os.path.abspath(jar_path)] + [os.path.abspath(os.path.join(src, p)) for p in manifest.get("Class-Path", "").split()]
    missing = [p for p in classpath if not os.path.exists(p)]
    if missing:
        raise SystemExit(f"class path entries missing: {missing[:5]}")

    t = Translator().api(driver, "native-image.args")
    # the driver turns the jar manifest's Add-Opens / Add-Exports into -H:AddOpens / -H:AddExports
    # for the unnamed module (Quarkus puts java.base/java.lang there, which jboss-threads needs)
    for attr, opt in (("Add-Opens", "AddOpens"), ("Add-Exports", "AddExports")):
        for pkg in manifest.get(attr, "").split():
            t.hosted.append(f"-H:{opt}={pkg}=ALL-UNNAMED")
    configs, applied, excluded = [], [], []
    for entry in classpath:
        with zipfile.ZipFile(entry) as z:
            for res in sorted(z.namelist()):
                if not res.startswith("META-INF/native-image/") or res.endswith("/"):
                    continue
                base = os.path.basename(res)
                if base != "native-image.properties" and base not in CONFIG_KINDS:
                    continue
                # the driver matches the jar regex against the jar's file name and the resource
                # regex against "/" + path
                if any(jr.search(os.path.basename(entry)) or jr.search(entry) for jr, rr in excludes
                       if rr.fullmatch("/" + res)):
                    excluded.append(f"{os.path.basename(entry)}!/{res}")
                    continue
                if base == "native-image.properties":
                    props = parse_properties(z.read(res).decode())
                    if "Args" in props:
                        here = os.path.dirname(res)
                        args = [a.replace("${.}", here) for a in split_args(props["Args"])]
                        t.api(args, f"{os.path.basename(entry)}!/{res}")
                        applied.append(f"{os.path.basename(entry)}!/{res}: {' '.join(args)}")
                    for k in props:
                        if k not in ("Args", "JavaArgs", "ImageName"):
                            t.unknown.append((k, res))
                else:
                    configs.append(f"-H:{CONFIG_KINDS[base]}={res}")
    if t.unknown:
        for a, o in t.unknown:
            print(f"UNTRANSLATED {a}  (from {o})", file=sys.stderr)
        raise SystemExit("unknown driver options: refusing to run a build that differs from the real one")

    builder = ["-imagecp", os.pathsep.join(classpath)]
    builder += [f"-H:Class={main_class}", f"-H:Name={name}", f"-H:Path={os.path.abspath(out)}"]
    builder += t.hosted + configs
    with open(os.path.join(out, "builder.args"), "w") as f:
        f.write("\n".join(builder) + "\n")
    with open(os.path.join(out, "builder-jvm.args"), "w") as f:
        f.write("\n".join(t.jvm) + "\n")
    with open(os.path.join(out, "translation.txt"), "w") as f:
        f.write("# native-image.properties applied\n" + "\n".join(applied) + "\n")
        f.write("# configuration files excluded by --exclude-config\n" + "\n".join(excluded) + "\n")
        f.write("# configuration files passed\n" + "\n".join(configs) + "\n")
    print(f"image {name}: main {main_class}, {len(classpath)} class path entries, "
          f"{len(applied)} native-image.properties applied, {len(configs)} config files, "
          f"{len(excluded)} excluded, {len(t.jvm)} builder JVM options, {len(t.hosted)} hosted options")


def parse_manifest(text):
    out, key = {}, None
    for line in text.splitlines():
        if line.startswith(" ") and key:
            out[key] += line[1:]
        elif ":" in line:
            key, v = line.split(":", 1)
            out[key] = v.strip()
    return out


if __name__ == "__main__":
    main()
