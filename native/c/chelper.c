/* The small C helpers SubstrateVM calls on Linux (LibCHelper, CSunMiscSignal, Fcntl, PosixVMThreads,
 * LinuxLibCHelper), written for this project from their Java declarations and documented use. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

/* the kernel's id of the calling thread */
long getThreadId(void) { return (long) syscall(SYS_gettid); }

char **getEnviron(void) { return environ; }

/* user CPU time of thread tid in nanoseconds, -1 if unknown: field 14 (utime, in clock ticks) of
 * /proc/self/task/<tid>/stat, counted after the command name, which is in parentheses and may hold
 * spaces (JFR's thread CPU load reads it) */
long getThreadUserTimeSlow(int tid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (p == NULL) return -1;
    for (int field = 2; field < 14; field++) {      /* p is at the end of field 2 */
        p = strchr(p + 1, ' ');
        if (p == NULL) return -1;
    }
    long ticks = strtol(p + 1, NULL, 10), hz = sysconf(_SC_CLK_TCK);
    return hz > 0 ? ticks * (1000000000L / hz) : -1;
}

/* fixed-argument forms of variadic libc calls (a C function called from Java has fixed arguments) */
int fprintfSD(FILE *stream, const char *format, const char *s, double d) { return fprintf(stream, format, s, d); }
int openSII(const char *path, int flags, int mode) { return open(path, flags, mode); }
void *mremapP(void *old_address, size_t old_size, size_t new_size, int flags, void *new_address) {
    return mremap(old_address, old_size, new_size, flags, new_address);
}

/* SVM_FindJavaTZmd(tzmappings, length): the system's time zone id as a malloc'd string that the
 * caller frees, or NULL (then Java uses GMT). Linux order, as the JDK documents and does: $TZ
 * (a leading ':' and a zoneinfo directory prefix dropped), /etc/timezone, then the zoneinfo file
 * that /etc/localtime links to. The Windows mapping table is not used on Linux. */
static char *zone_from_path(const char *path) {
    const char *z = strstr(path, "zoneinfo/");
    if (z == NULL) return NULL;
    z += strlen("zoneinfo/");
    if (strncmp(z, "posix/", 6) == 0) z += 6; else if (strncmp(z, "right/", 6) == 0) z += 6;
    return *z ? strdup(z) : NULL;
}

char *SVM_FindJavaTZmd(const char *tzmappings, int length) {
    (void) tzmappings; (void) length;
    const char *tz = getenv("TZ");
    if (tz != NULL && *tz != '\0') {
        if (*tz == ':') tz++;
        char *z = zone_from_path(tz);
        return z ? z : strdup(tz);
    }
    FILE *f = fopen("/etc/timezone", "r");
    if (f != NULL) {
        char line[256];
        char *r = fgets(line, sizeof line, f);
        fclose(f);
        if (r != NULL) {
            line[strcspn(line, " \t\r\n")] = '\0';
            if (line[0] != '\0') return strdup(line);
        }
    }
    char target[PATH_MAX];
    ssize_t n = readlink("/etc/localtime", target, sizeof target - 1);
    if (n > 0) {
        target[n] = '\0';
        return zone_from_path(target);
    }
    return NULL;
}

/* sun.misc.Signal support: a C signal handler counts each signal and wakes the Java dispatch thread,
 * which waits on the semaphore and then takes the pending signals one at a time. */
static sem_t signal_semaphore;
static volatile int pending_signals[NSIG];

int cSunMiscSignal_open(void) { return sem_init(&signal_semaphore, 0, 0); }
int cSunMiscSignal_close(void) { return sem_destroy(&signal_semaphore); }

int cSunMiscSignal_awaitSemaphore(void) {
    int r;
    while ((r = sem_wait(&signal_semaphore)) == -1 && errno == EINTR) {
    }
    return r;
}

int cSunMiscSignal_signalSemaphore(void) { return sem_post(&signal_semaphore); }

int cSunMiscSignal_signalRangeCheck(int sig) { return sig > 0 && sig < NSIG; }

/* a signal number that was raised and not yet taken (one count taken), or -1 */
int cSunMiscSignal_checkPendingSignal(void) {
    for (int sig = 1; sig < NSIG; sig++) {
        int count;
        while ((count = pending_signals[sig]) > 0) {
            if (__sync_bool_compare_and_swap(&pending_signals[sig], count, count - 1)) return sig;
        }
    }
    return -1;
}

static void count_signal(int sig) {
    if (sig > 0 && sig < NSIG) {
        int saved = errno;   /* async-signal-safe: an atomic add and sem_post only */
        __sync_fetch_and_add(&pending_signals[sig], 1);
        sem_post(&signal_semaphore);
        errno = saved;
    }
}

void *cSunMiscSignal_signalHandlerFunctionPointer(void) { return (void *) count_signal; }
