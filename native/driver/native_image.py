#!/usr/bin/env python3
"""bin/native-image of the toolchain that native/toolchain.sh assembles.

GraalVM's `native-image` launcher is not published on Maven Central, only the image builder
(org.graalvm.nativeimage:svm and its siblings). This script does the launcher's part, enough
for Quarkus' native build: it answers --version, starts the builder JVM (the Temurin 25 JDK of
this home) with the module and JVM options the builder needs, translates the launcher's API
options to the builder's -H: options, turns -jar into the image class path, reads the
META-INF/native-image configuration of every class-path jar, and passes the C library path and
linker options of this toolchain. Unknown API options stop the build (exit 2) rather than being
dropped silently. The builder's exit status is this script's.
"""
import os
import re
import shlex
import sys
import uuid
import zipfile

HOME = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SVM = os.path.join(HOME, 'lib', 'svm')
PROPS = dict(l.strip().split('=', 1) for l in open(os.path.join(SVM, 'toolchain.properties')) if '=' in l)
VERSION = PROPS['graalvm.version']
CLIB = PROPS['clibraries']
BUILDER_JARS = os.path.join(SVM, 'builder')
VENDOR_VERSION = 'GraalVM CE %s+10.1' % VERSION


def fail(msg):
    print('native-image: ' + msg, file=sys.stderr)
    sys.exit(2)


def api_option(arg):
    """a launcher API option as builder -H: options"""
    simple = {
        '--no-fallback': ['-H:FallbackThreshold=0'],
        '--link-at-build-time': ['-H:LinkAtBuildTime='],
        '--report-unsupported-elements-at-runtime': ['-H:+ReportUnsupportedElementsAtRuntime'],
        '--install-exit-handlers': ['-H:+InstallExitHandlers'],
        '--enable-http': ['-H:EnableURLProtocols=http'],
        '--enable-https': ['-H:EnableURLProtocols=https'],
        '--enable-all-security-services': [],
        '--verbose': [],
        '--no-server': [],
        '-g': ['-H:GenerateDebugInfo=1'],
        '--shared': ['-H:+SharedLibrary'],
        '--static': ['-H:+StaticExecutable'],
    }
    if arg in simple:
        return simple[arg]
    m = re.match(r'-O(.+)$', arg)
    if m:
        return ['-H:Optimize=' + m.group(1)]
    m = re.match(r'-march=(.+)$', arg)
    if m:
        return ['-H:Microarchitecture=' + m.group(1)]
    m = re.match(r'--([a-z-]+)(?:=(.*))?$', arg)
    if not m:
        fail('unsupported option ' + arg)
    key, value = m.group(1), m.group(2) or ''
    if key in ('initialize-at-run-time', 'initialize-at-build-time'):
        kind = ':run_time' if 'run' in key else ':build_time'
        return ['-H:ClassInitialization=' + (','.join(c + kind for c in value.split(',')) if value else kind)]
    mapped = {
        'features': 'Features', 'enable-url-protocols': 'EnableURLProtocols', 'enable-monitoring': 'EnableMonitoringFeatures',
        'enable-native-access': 'EnableNativeAccess', 'add-exports': 'AddExports', 'add-opens': 'AddOpens',
        'add-reads': 'AddReads', 'trace-class-initialization': 'TraceClassInitialization',
        'trace-object-instantiation': 'TraceObjectInstantiation', 'native-compiler-options': 'CCompilerOption',
        'native-compiler-path': 'CCompilerPath', 'gc': None, 'libc': 'UseLibC', 'enable-sbom': 'IncludeSBOM',
        'exact-reachability-metadata': 'ThrowMissingRegistrationErrors', 'future-defaults': 'FutureDefaults',
        'emit': None, 'parallelism': 'NumberOfThreads',
    }
    if key not in mapped:
        fail('unsupported option ' + arg)
    if key == 'gc':
        return ['-H:+UseSerialGC'] if value == 'serial' else (['-H:+UseEpsilonGC'] if value == 'epsilon' else fail('gc ' + value))
    if key == 'emit':
        return ['-H:+GenerateBuildArtifactsFile'] if value == 'build-report' or value.startswith('build-report') else fail(arg)
    return ['-H:%s=%s' % (mapped[key], value)]


CONFIG_FILES = {
    'reachability-metadata.json': 'ReachabilityMetadataResources', 'jni-config.json': 'JNIConfigurationResources',
    'reflect-config.json': 'ReflectionConfigurationResources', 'resource-config.json': 'ResourceConfigurationResources',
    'proxy-config.json': 'DynamicProxyConfigurationResources', 'serialization-config.json': 'SerializationConfigurationResources',
    'serialization-deny-config.json': 'SerializationDenyConfigurationResources',
    'predefined-classes-config.json': 'PredefinedClassesConfigurationResources',
}


def meta_inf(classpath, excludes, jvm):
    """what the launcher takes from META-INF/native-image/ of the class path"""
    opts = []
    for entry in classpath:
        if not os.path.isfile(entry):
            continue
        base = os.path.basename(entry)
        with zipfile.ZipFile(entry) as z:
            for name in z.namelist():
                if not name.startswith('META-INF/native-image/') or name.endswith('/'):
                    continue
                if any(re.search(jar_re, base) and re.fullmatch(res_re, '/' + name) for jar_re, res_re in excludes):
                    continue
                leaf = os.path.basename(name)
                if leaf in CONFIG_FILES:
                    opts.append('-H:%s=%s' % (CONFIG_FILES[leaf], name))
                elif leaf == 'native-image.properties':
                    text = re.sub(r'\\\r?\n', ' ', z.read(name).decode('utf-8'))
                    for line in text.splitlines():
                        m = re.match(r'\s*(Args|JavaArgs)\s*[=:]\s*(.*)', line)
                        if not m:
                            continue
                        for a in shlex.split(m.group(2)):
                            if m.group(1) == 'JavaArgs':
                                jvm.append(a)
                            elif a.startswith('-H:'):
                                opts.append(a)
                            else:
                                opts.extend(api_option(a))
    return opts


def main(argv):
    if argv[:1] in (['--version'], ['-version']):
        print('native-image %s 2026-01-20' % VERSION)
        print('GraalVM Runtime Environment %s (build %s+10-jvmci-b01)' % (VENDOR_VERSION, VERSION))
        print('Substrate VM %s (build %s+10-jvmci-b01, serial gc)' % (VENDOR_VERSION, VERSION))
        return 0
    jvm, hosted, excludes, classpath = [], [], [], []
    name = main_class = jar = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith('@'):
            argv[i + 1:i + 1] = shlex.split(open(a[1:]).read())
        elif a.startswith('-J'):
            jvm.append(a[2:])
        elif a.startswith('-H:') or a.startswith('-R:'):
            hosted.append(a)
        elif a.startswith('-D'):
            jvm.append(a)
        elif a == '--exclude-config':
            excludes.append((argv[i + 1].replace('\\', ''), argv[i + 2].replace('\\', '')))
            i += 2
        elif a == '-jar':
            jar = os.path.abspath(argv[i + 1])
            i += 1
        elif a in ('-cp', '-classpath', '--class-path'):
            classpath += [os.path.abspath(p) for p in argv[i + 1].split(os.pathsep)]
            i += 1
        elif a == '-o':
            name = argv[i + 1]
            i += 1
        elif a.startswith('-'):
            hosted.extend(api_option(a))
        elif jar is None and main_class is None and classpath:
            main_class = a
        else:
            name = a
        i += 1
    if jar:
        with zipfile.ZipFile(jar) as z:
            manifest = re.sub(r'\r?\n ', '', z.read('META-INF/MANIFEST.MF').decode('utf-8'))
        attrs = dict(l.split(': ', 1) for l in manifest.splitlines() if ': ' in l)
        classpath = [jar] + [os.path.normpath(os.path.join(os.path.dirname(jar), p))
                             for p in attrs.get('Class-Path', '').split()] + classpath
        main_class = main_class or attrs['Main-Class']
        for module in attrs.get('Add-Opens', '').split():
            hosted.append('-H:AddOpens=%s=ALL-UNNAMED' % module)
        name = name or os.path.splitext(os.path.basename(jar))[0]
    if not main_class or not name:
        fail('give -jar JAR or -cp PATH MAINCLASS (and an image name)')
    hosted = meta_inf(classpath, excludes, jvm) + hosted

    jars = sorted(j for j in os.listdir(BUILDER_JARS) if j.endswith('.jar'))
    compiler = [os.path.join(BUILDER_JARS, j) for j in jars if j.startswith('compiler-')]
    modules = [os.path.join(BUILDER_JARS, j) for j in jars if not j.startswith('compiler-')]
    xmx = os.environ.get('NATIVE_IMAGE_XMX', '8g')
    jvm_args = [
        '-XX:+UseParallelGC', '-XX:+UnlockExperimentalVMOptions', '-XX:+EnableJVMCI', '-XX:-UseJVMCICompiler',
        '-Xss10m', '-Xmx' + xmx,
        '-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader',
        '-Dorg.graalvm.nativeimage.imagecode=buildtime', '-Dorg.graalvm.version=' + VERSION,
        '-Dorg.graalvm.vendor=GraalVM Community', '-Dorg.graalvm.vendorversion=' + VENDOR_VERSION,
        '-Djdk.internal.lambda.disableEagerInitialization=true', '-Djdk.internal.lambda.eagerlyInitialize=false',
        '-Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false',
        '-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1', '-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false',
        '--enable-native-access=org.graalvm.nativeimage.base,org.graalvm.nativeimage.builder,'
        'org.graalvm.nativeimage.objectfile,org.graalvm.nativeimage.pointsto,org.graalvm.truffle.compiler,jdk.graal.compiler',
    ]
    jvm_args += open(os.path.join(BUILDER_JARS, 'exports.args')).read().split()
    jvm_args += jvm   # the caller's -J options last: its -Xmx wins
    jvm_args += ['--upgrade-module-path', os.pathsep.join(compiler), '--module-path', os.pathsep.join(modules),
                 '--module', 'org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner']
    linker = [l.strip() for l in open(os.path.join(CLIB, 'linker-options')) if l.strip()]
    builder_args = ['-H:CLibraryPath=' + CLIB, '-imagecp', os.pathsep.join(classpath),
                    '-H:Path=' + os.getcwd(), '-H:Name=' + name, '-H:Class=' + main_class,
                    '-H:ImageBuildID=' + str(uuid.uuid4())] \
        + ['-H:NativeLinkerOption=' + l for l in linker] + hosted
    if os.environ.get('NATIVE_IMAGE_KEEP_OBJECTS'):
        # keeps the image's object file and link inputs (SVM-*/ under this directory) for a hand relink
        builder_args.append('-H:TempDirectory=' + os.path.abspath(os.environ['NATIVE_IMAGE_KEEP_OBJECTS']))
    args_file = os.path.join(os.getcwd(), '.native-image-builder.args')
    with open(args_file, 'w') as f:
        f.write('\0'.join(builder_args))
    env = dict(os.environ, USE_NATIVE_IMAGE_JAVA_PLATFORM_MODULE_SYSTEM='true')
    java = os.path.join(HOME, 'bin', 'java')
    os.execve(java, [java] + jvm_args + ['--image-args-file=' + args_file], env)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
