#!/usr/bin/env bash
# Assembles a GraalVM-like toolchain for Quarkus' native build from what these machines can reach:
# GraalVM's image-builder jars from Maven Central, run on the installed Temurin 25 JDK, plus C
# helpers compiled here (native/c). Prints the toolchain's home (use it as GRAALVM_HOME or
# quarkus.native.graalvm-home). Idempotent: a complete toolchain whose inputs did not change is
# reused as it is. Nothing is written into the repository.
#
#   native/toolchain.sh            assemble (if needed) and print the home
#   native/toolchain.sh --check    exit 0 if the toolchain is assembled and current
#
# Environment: JDK25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64),
#              NATIVE_TOOLCHAIN_CACHE (default ~/.cache/activity-completion/native-toolchain).
#
# What this toolchain is, and is not (docs/native.md): the JDK's own native libraries are not
# linked statically (no static JDK libraries are available here); the image links Temurin 25's
# shared ones and a libjvm.so stand-in, which the build puts beside the executable (native-lib/).
set -euo pipefail

GRAAL_VERSION=25.0.2
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
JDK=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CACHE=${NATIVE_TOOLCHAIN_CACHE:-$HOME/.cache/activity-completion/native-toolchain}
HOME_DIR=$CACHE/graalvm-ce-$GRAAL_VERSION-temurin
CLIB=$HOME_DIR/lib/svm/clibraries/linux-amd64

log() { echo "toolchain: $*" >&2; }
die() { echo "toolchain: $*" >&2; exit 1; }

[ -x "$JDK/bin/java" ] || die "no JDK 25 at $JDK (set JDK25_HOME)"
"$JDK/bin/java" -version 2>&1 | grep -q 'version "25' || die "$JDK is not a JDK 25"
for t in gcc ar nm python3; do command -v $t >/dev/null || die "$t is needed"; done

# The stamp names every input; a change of any of them rebuilds the toolchain.
stamp() {
    { echo "$GRAAL_VERSION"; "$JDK/bin/java" -version 2>&1; cat "$HERE/toolchain.sh";
      find "$HERE/c" "$HERE/driver" -type f | sort | xargs cat; } | sha256sum | cut -d' ' -f1
}
STAMP=$(stamp)
if [ -f "$HOME_DIR/.toolchain-stamp" ] && [ "$(cat "$HOME_DIR/.toolchain-stamp")" = "$STAMP" ]; then
    [ "${1:-}" = --check ] && exit 0
    echo "$HOME_DIR"; exit 0
fi
[ "${1:-}" = --check ] && exit 1

log "assembling $HOME_DIR (GraalVM $GRAAL_VERSION builder on $JDK)"
rm -rf "$HOME_DIR.tmp"
T=$HOME_DIR.tmp
mkdir -p "$T/bin" "$T/lib/server" "$T/lib/svm/builder/lib"

# 1. The builder jars from Maven Central (through the project's Maven wrapper and ~/.m2).
mkdir -p "$CACHE/fetch"
cat > "$CACHE/fetch/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local.native-toolchain</groupId><artifactId>fetch</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.graalvm.nativeimage</groupId><artifactId>svm</artifactId><version>$GRAAL_VERSION</version></dependency>
    <dependency><groupId>org.graalvm.nativeimage</groupId><artifactId>svm-configure</artifactId><version>$GRAAL_VERSION</version></dependency>
  </dependencies></project>
POM
rm -rf "$CACHE/fetch/jars"
"$REPO/mvnw" -B -q -ntp -f "$CACHE/fetch/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$CACHE/fetch/jars" -DincludeScope=runtime >&2
cp "$CACHE/fetch/jars/"*.jar "$T/lib/svm/builder/"
[ -f "$T/lib/svm/builder/svm-$GRAAL_VERSION.jar" ] || die "svm-$GRAAL_VERSION.jar did not resolve"

# 2. A JDK home for the builder JVM: Temurin through symlinks, except bin/java and libjvm.so,
#    which are real copies, because java.home is derived from libjvm.so's real path and the
#    builder looks for lib/svm under java.home.
for e in "$JDK"/*; do b=$(basename "$e"); [ "$b" = bin ] || [ "$b" = lib ] || ln -sfn "$e" "$T/$b"; done
for e in "$JDK"/bin/*; do ln -sfn "$e" "$T/bin/"; done
rm "$T/bin/java"; cp "$JDK/bin/java" "$T/bin/java"
for e in "$JDK"/lib/*; do b=$(basename "$e"); [ "$b" = server ] || ln -sfn "$e" "$T/lib/$b"; done
for e in "$JDK"/lib/server/*; do ln -sfn "$e" "$T/lib/server/"; done
rm "$T/lib/server/libjvm.so"; cp "$JDK/lib/server/libjvm.so" "$T/lib/server/"

# 3. The builder's own JNI helper (progress reporter: terminal width, peak RSS).
gcc -O2 -shared -fPIC -I"$JDK/include" -I"$JDK/include/linux" -o "$T/lib/svm/builder/lib/libreporterchelper.so" \
    "$HERE/c/reporterchelper.c"

# 4. C library path of the image: headers the builder's C queries read, and the libraries it links.
C=$CACHE/clibraries.tmp
rm -rf "$C"; mkdir -p "$C/include"
cp "$JDK/include/jni.h" "$JDK/include/linux/jni_md.h" "$HERE/c/include/"*.h "$C/include/"
#    CPUFeatures structs, one char a feature, in the order of the svm jar's interfaces.
X=$CACHE/x; rm -rf "$X"; mkdir -p "$X"
(cd "$X" && "$JDK/bin/jar" xf "$T/lib/svm/builder/svm-$GRAAL_VERSION.jar" \
    'com/oracle/svm/core/amd64/AMD64LibCHelper$CPUFeatures.class' \
    'com/oracle/svm/core/aarch64/AArch64LibCHelper$CPUFeatures.class' \
    'com/oracle/svm/core/riscv64/RISCV64LibCHelper$CPUFeatures.class')
for a in amd64:AMD64 aarch64:AArch64 riscv64:RISCV64; do
    d=${a%%:*}; c=${a##*:}
    { echo "/* generated by native/toolchain.sh from the svm jar */"; echo "#include <stdint.h>"; echo "typedef struct {"
      "$JDK/bin/javap" -p "$X/com/oracle/svm/core/$d/${c}LibCHelper\$CPUFeatures.class" \
        | grep -oE 'abstract boolean [A-Za-z0-9_]+\(\)' | awk '{n=$3; sub(/\(\)/,"",n); print "  char " n ";"}'
      echo "} CPUFeatures;"; } > "$C/include/${d}cpufeatures.h"
done
rm -rf "$X"
#    SubstrateVM's C helpers, written for this project (native/c), as the static libraries the
#    builder links: libchelper, libsvm_container and SubstrateVM's small libjvm.
cc() { gcc -O2 -fPIC -Wall -Werror -I"$C/include" -I"$JDK/include" -I"$JDK/include/linux" -c "$@"; }
O=$CACHE/obj; rm -rf "$O"; mkdir -p "$O"
cc -o "$O/cpufeatures.o" "$HERE/c/cpufeatures.c"
cc -o "$O/locale.o" "$HERE/c/locale.c"
cc -o "$O/chelper.o" "$HERE/c/chelper.c"
cc -o "$O/container.o" "$HERE/c/container.c"
cc -o "$O/jvm.o" "$HERE/c/jvm.c"
ar rcs "$C/liblibchelper.a" "$O/cpufeatures.o" "$O/locale.o" "$O/chelper.o"
ar rcs "$C/libsvm_container.a" "$O/container.o"
ar rcs "$C/libjvm.a" "$O/jvm.o"
#    The JDK's natives: no static JDK libraries exist here, so the image links Temurin's shared
#    lib<name>.so, copied into jdk-runtime/ with a libjvm.so of our own (native/c/jdkshim.c plus a
#    generated aborting stand-in for every other HotSpot function they import), and runs with
#    those libraries beside it: the executable's RPATH is $ORIGIN/native-lib, where the build
#    copies jdk-runtime/ (pom.xml, profile native). Each lib<name>.a the builder asks for is a
#    linker script naming the copied lib<name>.so and the stand-in libjvm.so.
R=$C/jdk-runtime; mkdir -p "$R"
JDK_LIBS=()
for l in java nio net zip management_ext jaas prefs extnet; do
    [ -f "$JDK/lib/lib$l.so" ] || continue
    cp "$JDK/lib/lib$l.so" "$R/"; JDK_LIBS+=("$R/lib$l.so")
done
gcc -O2 -fPIC -Wall -Werror -I"$JDK/include" -I"$JDK/include/linux" -c -o "$O/jdkshim.o" "$HERE/c/jdkshim.c"
{ echo "/* generated by native/toolchain.sh: HotSpot functions the JDK libraries import and no image reaches */"
  echo "#include <stdio.h>"; echo "#include <stdlib.h>"
  echo "#define ABSENT(f) void f(void) { fputs(\"fatal: the JDK natives called HotSpot's \" #f \", which a native image does not have\\n\", stderr); abort(); }"
  comm -23 <(for f in "${JDK_LIBS[@]}"; do nm -D --undefined-only "$f"; done | awk '$2 ~ /@SUNWprivate_1.1$/ {sub(/@.*/, "", $2); print $2}' | sort -u) \
           <(nm --defined-only "$O/jdkshim.o" | awk '{print $3}' | sort -u) | sed 's/.*/ABSENT(&)/'
} > "$O/absent.c"
[ "$(grep -c '^ABSENT' "$O/absent.c")" -gt 0 ] || die "found no HotSpot imports in the JDK libraries (nm?)"
gcc -O2 -fPIC -c -o "$O/absent.o" "$O/absent.c"
echo 'SUNWprivate_1.1 { global: *; };' > "$O/libjvm.map"
gcc -shared -Wl,-soname,libjvm.so -Wl,--version-script,"$O/libjvm.map" -o "$R/libjvm.so" "$O/jdkshim.o" "$O/absent.o"
for f in "${JDK_LIBS[@]}"; do
    l=$(basename "$f" .so)
    printf 'INPUT(%s %s)\n' "$CLIB/jdk-runtime/libjvm.so" "$CLIB/jdk-runtime/$l.so" > "$C/$l.a"
done
# DT_RPATH (not RUNPATH): it also serves the JDK libraries' own dependency on libjvm.so
printf '%s\n' "-Wl,-rpath-link,$CLIB/jdk-runtime" "-Wl,--disable-new-dtags" '-Wl,-rpath,$ORIGIN/native-lib' > "$C/linker-options"
rm -rf "$O"

# 5. The driver: bin/native-image (what a GraalVM's launcher does: JVM and module options,
#    the API options translated to the builder's, META-INF/native-image of the class path).
"$JDK/bin/java" "$HERE/driver/GenExports.java" "$T/lib/svm/builder" > "$T/lib/svm/builder/exports.args"
cp "$HERE/driver/native_image.py" "$T/lib/svm/bin-native_image.py"
cat > "$T/bin/native-image" <<SH
#!/bin/sh
# GraalVM CE $GRAAL_VERSION image builder on $JDK (assembled by native/toolchain.sh)
exec python3 "\$(dirname "\$0")/../lib/svm/bin-native_image.py" "\$@"
SH
chmod +x "$T/bin/native-image"
cat > "$T/lib/svm/toolchain.properties" <<PROPS
graalvm.version=$GRAAL_VERSION
jdk=$JDK
clibraries=$CLIB
PROPS

# 6. Move into place (the C library path holds absolute paths, so it is laid at its final place).
rm -rf "$HOME_DIR"
mv "$T" "$HOME_DIR"
mkdir -p "$(dirname "$CLIB")"
mv "$C" "$CLIB"
"$HOME_DIR/bin/native-image" --version >&2
echo "$STAMP" > "$HOME_DIR/.toolchain-stamp"
log "ready: $HOME_DIR"
echo "$HOME_DIR"
