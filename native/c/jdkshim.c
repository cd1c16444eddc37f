/* The libjvm.so that the executable's JDK libraries (Temurin's shared libjava.so, libnio.so, ...,
 * shipped beside it where a GraalVM would link the JDK's static libraries) load in place of
 * HotSpot's. It is built by native/toolchain.sh as libjvm.so with HotSpot's symbol version
 * (SUNWprivate_1.1), so the JDK libraries bind to it, and HotSpot is neither shipped nor mapped.
 *  - JNI_OnLoad_<name>: the entry point a statically linked JDK library has (JNI spec, "Support
 *    for statically linked libraries"); the shared ones only have JNI_OnLoad. They ask for
 *    JNI 1.8, as the JDK's libraries do.
 *  - JVM_* and jio_*: what the JDK libraries import from HotSpot. The ones an image can reach are
 *    implemented here; for every other one the toolchain generates a stand-in that names the
 *    function on stderr and aborts (an image never reaches them: SubstrateVM replaces the Java
 *    methods whose natives would call them). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <jni.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define ON_LOAD(name) JNIEXPORT jint JNICALL JNI_OnLoad_##name(JavaVM *vm, void *reserved) { return JNI_VERSION_1_8; }
ON_LOAD(java)
ON_LOAD(nio)
ON_LOAD(net)
ON_LOAD(zip)
ON_LOAD(management_ext)
ON_LOAD(jaas)
ON_LOAD(prefs)
ON_LOAD(extnet)

/* Runtime.halt after the shutdown hooks: end the process with the status */
JNIEXPORT void JNICALL JVM_BeforeHalt(void) {}
JNIEXPORT void JNICALL JVM_Halt(jint code) { exit(code); }

JNIEXPORT jlong JNICALL JVM_CurrentTimeMillis(JNIEnv *env, jclass ignored) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (jlong) tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

JNIEXPORT jlong JNICALL JVM_NanoTime(JNIEnv *env, jclass ignored) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (jlong) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* the last OS error's message (errno), for the JDK's exception texts; its length */
JNIEXPORT jint JNICALL JVM_GetLastErrorString(char *buf, int len) {
    if (len <= 0 || errno == 0) return 0;
    const char *s = strerror(errno);
    size_t n = strlen(s);
    if (n >= (size_t) len) n = (size_t) len - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return (jint) n;
}

JNIEXPORT char *JNICALL JVM_NativePath(char *path) { return path; }

JNIEXPORT void *JNICALL JVM_FindLibraryEntry(void *handle, const char *name) { return dlsym(handle, name); }

JNIEXPORT jint JNICALL JVM_GetInterfaceVersion(void) { return 6; /* JVM_INTERFACE_VERSION */ }

JNIEXPORT void *JNICALL JVM_LoadLibrary(const char *name, jboolean throwException) { return dlopen(name, RTLD_LAZY); }

JNIEXPORT void JNICALL JVM_UnloadLibrary(void *handle) { dlclose(handle); }

/* HotSpot's formatted output for the JDK's natives (exception messages): always terminated,
 * -1 when the text did not fit */
JNIEXPORT int jio_vsnprintf(char *str, size_t count, const char *fmt, va_list args) {
    if ((intptr_t) count <= 0) return -1;
    int n = vsnprintf(str, count, fmt, args);
    if (n < 0 || (size_t) n >= count) { str[count - 1] = '\0'; return -1; }
    return n;
}

JNIEXPORT int jio_vfprintf(FILE *f, const char *fmt, va_list args) { return vfprintf(f, fmt, args); }
