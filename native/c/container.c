/* SubstrateVM's container library (com.oracle.svm.core.container.ContainerLibrary), written for this
 * project from Linux's documented interfaces: cgroup v2, the unified hierarchy
 * (Documentation/admin-guide/cgroup-v2.rst), and cgroup v1's memory and cpu controllers
 * (cgroup-v1/memory.rst, scheduler/sched-bwc.rst), used when the process has a v1 memory
 * controller (v1 or hybrid hosts). The process is "containerized" when its own cgroup sets a memory
 * or CPU limit; then the limits and usage come from that cgroup's files. Without a limit it
 * reports no container and the image uses the host's figures.
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

static char mem_dir[4200], cpu_dir[4200];   /* the process's cgroup directories ("" = none) */
static int v1;                               /* the controllers are cgroup v1 hierarchies */
static int containerized;

/* the first line of <dir>/<name>; 0 on success */
static int read_line(const char *dir, const char *name, char *buf, size_t len) {
    char path[4300];
    if (dir[0] == '\0') return -1;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (f == NULL) return -1;
    char *r = fgets(buf, (int) len, f);
    fclose(f);
    if (r == NULL) return -1;
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

static unsigned long host_memory(void) {
    return (unsigned long) sysconf(_SC_PHYS_PAGES) * (unsigned long) sysconf(_SC_PAGESIZE);
}

long svm_container_memory_limit_in_bytes(void);

/* the memory the image sizes its heap from (PhysicalMemory): the container's limit, when it has
 * one below the machine's memory */
unsigned long svm_container_physical_memory(void) {
    long limit = containerized ? svm_container_memory_limit_in_bytes() : UNLIMITED;
    return limit > 0 ? (unsigned long) limit : host_memory();
}

/* a memory file holding a number, or "max" (v2); v1 writes "no limit" as a huge number, so
 * anything at or above the machine's memory counts as unlimited */
static long read_limit(const char *name) {
    char buf[128];
    if (read_line(mem_dir, name, buf, sizeof buf) != 0) return UNSUPPORTED;
    if (strcmp(buf, "max") == 0) return UNLIMITED;
    long value = strtol(buf, NULL, 10);
    return value < 0 || (unsigned long) value >= host_memory() ? UNLIMITED : value;
}

/* a plain number from a memory file (usage figures) */
static long read_number(const char *name) {
    char buf[128];
    if (read_line(mem_dir, name, buf, sizeof buf) != 0) return UNSUPPORTED;
    return strtol(buf, NULL, 10);
}

/* a key's value in a flat keyed file such as memory.stat */
static long read_key(const char *name, const char *key) {
    char path[4300], line[256];
    if (mem_dir[0] == '\0') return UNSUPPORTED;
    snprintf(path, sizeof path, "%s/%s", mem_dir, name);
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
    long quota = 0, period = 0;
    if (v1) {
        if (read_line(cpu_dir, "cpu.cfs_quota_us", buf, sizeof buf) != 0) return 0;
        quota = strtol(buf, NULL, 10);
        if (read_line(cpu_dir, "cpu.cfs_period_us", buf, sizeof buf) != 0) return 0;
        period = strtol(buf, NULL, 10);
    } else {
        char q[64];
        if (read_line(cpu_dir, "cpu.max", buf, sizeof buf) != 0) return 0;
        if (sscanf(buf, "%63s %ld", q, &period) != 2 || strcmp(q, "max") == 0) return 0;
        quota = strtol(q, NULL, 10);
    }
    return quota > 0 && period > 0 ? (int) ((quota + period - 1) / period) : 0;
}

/* whether the comma-separated list has the word */
static int has_word(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; p != NULL; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
        if (strncmp(p, word, n) == 0 && (p[n] == ',' || p[n] == '\0')) return 1;
    }
    return 0;
}

/* the directory of a cgroup v1 controller's hierarchy for the process's cgroup path: the mount
 * point of that hierarchy (/proc/self/mountinfo), joined with the path below the mount's root */
static void v1_dir(const char *controller, const char *cgroup_path, char *out, size_t len) {
    out[0] = '\0';
    FILE *f = fopen("/proc/self/mountinfo", "r");
    if (f == NULL) return;
    char line[4000];
    while (fgets(line, sizeof line, f)) {
        char root[1024], mount[1024], fstype[64], source[256], options[1024];
        char *dash = strstr(line, " - ");
        if (dash == NULL || sscanf(line, "%*s %*s %*s %1023s %1023s", root, mount) != 2) continue;
        if (sscanf(dash + 3, "%63s %255s %1023s", fstype, source, options) != 3) continue;
        if (strcmp(fstype, "cgroup") != 0 || !has_word(options, controller)) continue;
        size_t r = strcmp(root, "/") == 0 ? 0 : strlen(root);
        const char *below = strncmp(cgroup_path, root, r) == 0 ? cgroup_path + r : cgroup_path;
        snprintf(out, len, "%s%s", mount, strcmp(below, "/") == 0 ? "" : below);
        break;
    }
    fclose(f);
}

int svm_container_initialize(int version) {
    if (version < VERSION) return ERROR_LIBCONTAINER_TOO_NEW;
    if (version > VERSION) return ERROR_LIBCONTAINER_TOO_OLD;
    containerized = 0; v1 = 0; mem_dir[0] = cpu_dir[0] = '\0';
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (f == NULL) return SUCCESS_IS_NOT_CONTAINERIZED;
    char line[4000], v2_path[4000] = "", mem_path[4000] = "", cpu_path[4000] = "";
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *controllers = strchr(line, ':');
        char *path = controllers ? strchr(controllers + 1, ':') : NULL;
        if (path == NULL) continue;
        *controllers++ = '\0'; *path++ = '\0';
        if (controllers[0] == '\0' && strncmp(line, "0", 2) == 0) snprintf(v2_path, sizeof v2_path, "%s", path);
        if (has_word(controllers, "memory")) snprintf(mem_path, sizeof mem_path, "%s", path);
        if (has_word(controllers, "cpu")) snprintf(cpu_path, sizeof cpu_path, "%s", path);
    }
    fclose(f);
    if (mem_path[0] != '\0') {   /* a v1 memory controller: v1 (or hybrid with v1 controllers) */
        v1 = 1;
        v1_dir("memory", mem_path, mem_dir, sizeof mem_dir);
        if (cpu_path[0] != '\0') v1_dir("cpu", cpu_path, cpu_dir, sizeof cpu_dir);
        containerized = read_limit("memory.limit_in_bytes") > 0 || cpu_quota_count() > 0;
    } else if (v2_path[0] != '\0') {
        snprintf(mem_dir, sizeof mem_dir, "/sys/fs/cgroup%s", strcmp(v2_path, "/") == 0 ? "" : v2_path);
        strcpy(cpu_dir, mem_dir);
        if (read_limit("memory.max") == UNSUPPORTED && cpu_quota_count() == 0) {
            /* inside a container's own namespace the cgroup shows as "/": its files are at the root */
            strcpy(mem_dir, "/sys/fs/cgroup"); strcpy(cpu_dir, mem_dir);
        }
        containerized = read_limit("memory.max") > 0 || cpu_quota_count() > 0;
    }
    return containerized ? SUCCESS_IS_CONTAINERIZED : SUCCESS_IS_NOT_CONTAINERIZED;
}

long svm_container_memory_limit_in_bytes(void) {
    return read_limit(v1 ? "memory.limit_in_bytes" : "memory.max");
}

long svm_container_memory_and_swap_limit_in_bytes(void) {
    long mem = svm_container_memory_limit_in_bytes();
    if (v1) {   /* memory.memsw.limit_in_bytes is memory and swap together; absent without swap accounting */
        long both = read_limit("memory.memsw.limit_in_bytes");
        return both == UNSUPPORTED ? mem : both;
    }
    long swap = read_limit("memory.swap.max");
    if (mem <= 0 || swap == UNLIMITED) return mem == UNSUPPORTED ? UNSUPPORTED : UNLIMITED;
    return swap == UNSUPPORTED ? mem : mem + swap;
}

long svm_container_memory_soft_limit_in_bytes(void) {
    long soft = read_limit(v1 ? "memory.soft_limit_in_bytes" : "memory.low");
    return soft == 0 ? UNLIMITED : soft;
}

long svm_container_memory_usage_in_bytes(void) { return read_number(v1 ? "memory.usage_in_bytes" : "memory.current"); }
long svm_container_memory_max_usage_in_bytes(void) { return read_number(v1 ? "memory.max_usage_in_bytes" : "memory.peak"); }
long svm_container_rss_usage_in_bytes(void) { return read_key("memory.stat", v1 ? "rss" : "anon"); }
long svm_container_cache_usage_in_bytes(void) { return read_key("memory.stat", v1 ? "cache" : "file"); }

int svm_container_active_processor_count(void) {
    int n = 0;
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
    if (n <= 0) n = (int) sysconf(_SC_NPROCESSORS_ONLN);
    int quota = containerized ? cpu_quota_count() : 0;
    if (quota > 0 && quota < n) n = quota;
    return n > 0 ? n : 1;
}
