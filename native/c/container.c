/* SubstrateVM's container library (com.oracle.svm.core.container.ContainerLibrary), written for this
 * project for cgroup v2 (the unified hierarchy, Linux's documented interface:
 * Documentation/admin-guide/cgroup-v2.rst). The process is "containerized" when its own cgroup sets
 * a memory or CPU limit; then the limits and usage come from that cgroup's files. Under cgroup v1,
 * or without a limit, it reports no container and the image uses the host's figures.
 * Values: bytes; -1 = unlimited, -2 = not supported (as the Java side expects). */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VERSION 240100
#define SUCCESS_IS_NOT_CONTAINERIZED 0
#define SUCCESS_IS_CONTAINERIZED 1
#define ERROR_LIBCONTAINER_TOO_OLD 2
#define ERROR_LIBCONTAINER_TOO_NEW 3
#define UNLIMITED (-1L)
#define UNSUPPORTED (-2L)

static char cgroup_dir[4200];
static int containerized;

/* reads the first line of <cgroup_dir>/<name>; 0 on success */
static int read_line(const char *name, char *buf, size_t len) {
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", cgroup_dir, name);
    FILE *f = fopen(path, "r");
    if (f == NULL) return -1;
    char *r = fgets(buf, (int) len, f);
    fclose(f);
    if (r == NULL) return -1;
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

/* a file holding a number or "max" */
static long read_limit(const char *name) {
    char buf[128];
    if (read_line(name, buf, sizeof buf) != 0) return UNSUPPORTED;
    if (strcmp(buf, "max") == 0) return UNLIMITED;
    return strtol(buf, NULL, 10);
}

/* a key's value in a flat keyed file such as memory.stat */
static long read_key(const char *name, const char *key) {
    char path[4300], line[256];
    snprintf(path, sizeof path, "%s/%s", cgroup_dir, name);
    FILE *f = fopen(path, "r");
    if (f == NULL) return UNSUPPORTED;
    long value = UNSUPPORTED;
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ' ') { value = strtol(line + klen + 1, NULL, 10); break; }
    }
    fclose(f);
    return value;
}

/* CPU quota of the cgroup as a processor count (rounded up), or 0 when none */
static int cpu_quota_count(void) {
    char buf[128];
    if (read_line("cpu.max", buf, sizeof buf) != 0) return 0;
    char quota[64];
    long period = 0;
    if (sscanf(buf, "%63s %ld", quota, &period) != 2 || strcmp(quota, "max") == 0 || period <= 0) return 0;
    long q = strtol(quota, NULL, 10);
    return q > 0 ? (int) ((q + period - 1) / period) : 0;
}

int svm_container_initialize(int version) {
    if (version < VERSION) return ERROR_LIBCONTAINER_TOO_NEW;
    if (version > VERSION) return ERROR_LIBCONTAINER_TOO_OLD;
    containerized = 0;
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (f == NULL) return SUCCESS_IS_NOT_CONTAINERIZED;
    char line[4000];
    int v2 = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "0::", 3) == 0) {   /* the unified hierarchy's entry */
            line[strcspn(line, "\n")] = '\0';
            snprintf(cgroup_dir, sizeof cgroup_dir, "/sys/fs/cgroup%s", strcmp(line + 3, "/") == 0 ? "" : line + 3);
            v2 = 1;
        }
    }
    fclose(f);
    if (!v2) return SUCCESS_IS_NOT_CONTAINERIZED;
    long mem = read_limit("memory.max");
    if (mem == UNSUPPORTED && cpu_quota_count() == 0) {
        /* inside a container's own namespace the cgroup shows as "/": its files are at the root */
        strcpy(cgroup_dir, "/sys/fs/cgroup");
        mem = read_limit("memory.max");
    }
    containerized = mem > 0 || cpu_quota_count() > 0;
    return containerized ? SUCCESS_IS_CONTAINERIZED : SUCCESS_IS_NOT_CONTAINERIZED;
}

unsigned long svm_container_physical_memory(void) {
    return (unsigned long) sysconf(_SC_PHYS_PAGES) * (unsigned long) sysconf(_SC_PAGESIZE);
}

long svm_container_memory_limit_in_bytes(void) {
    long limit = read_limit("memory.max");
    if (limit > 0 && (unsigned long) limit >= svm_container_physical_memory()) return UNLIMITED;
    return limit;
}

long svm_container_memory_and_swap_limit_in_bytes(void) {
    long mem = svm_container_memory_limit_in_bytes();
    long swap = read_limit("memory.swap.max");
    if (mem <= 0 || swap == UNLIMITED) return mem == UNSUPPORTED ? UNSUPPORTED : UNLIMITED;
    return swap == UNSUPPORTED ? mem : mem + swap;
}

long svm_container_memory_soft_limit_in_bytes(void) {
    long low = read_limit("memory.low");
    return low == 0 ? UNLIMITED : low;
}

long svm_container_memory_usage_in_bytes(void) { return read_limit("memory.current"); }
long svm_container_memory_max_usage_in_bytes(void) { return read_limit("memory.peak"); }
long svm_container_rss_usage_in_bytes(void) { return read_key("memory.stat", "anon"); }
long svm_container_cache_usage_in_bytes(void) { return read_key("memory.stat", "file"); }

int svm_container_active_processor_count(void) {
    int n = 0;
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
    if (n <= 0) n = (int) sysconf(_SC_NPROCESSORS_ONLN);
    int quota = containerized ? cpu_quota_count() : 0;
    if (quota > 0 && quota < n) n = quota;
    return n > 0 ? n : 1;
}
