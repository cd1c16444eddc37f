/* SubstrateVM's own small libjvm (com.oracle.svm.core.jdk.Jvm): initialize() and the JVM_* entry
 * points that the image calls directly. */
#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>

void initialize(void) {
}

/* processors this process may run on (its CPU affinity), at least 1; a container's CPU quota is
 * applied on top of this by the container library (svm_container_active_processor_count) */
int JVM_ActiveProcessorCount(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int) online : 1;
}
