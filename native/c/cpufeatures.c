/* determineCPUFeatures / checkCPUFeatures / checkCPUFeaturesOrExit for x86-64: the CPU's features as
 * CPUID reports them (Intel SDM vol. 2A "CPUID", AMD APM vol. 3), with the AVX and AVX-512 state
 * the OS has enabled (XGETBV XCR0), filled into the image's CPUFeatures struct (amd64cpufeatures.h,
 * one char a feature, generated from the svm jar). The image records at build time which features
 * its code needs; at start it checks that this CPU has each of them. */
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amd64cpufeatures.h"

#define BIT(reg, n) (((reg) >> (n)) & 1u)

static unsigned long long xcr0(void) {
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long) hi << 32) | lo;
}

void determineCPUFeatures(CPUFeatures *f) {
    unsigned int a, b, c, d, max_leaf, max_ext;
    memset(f, 0, sizeof *f);
    max_leaf = __get_cpuid_max(0, NULL);
    max_ext = __get_cpuid_max(0x80000000u, NULL);
    if (max_leaf < 1) return;

    __cpuid(1, a, b, c, d);
    unsigned int c1 = c, d1 = d;
    f->fTSC = BIT(d1, 4);
    f->fCX8 = BIT(d1, 8);
    f->fCMOV = BIT(d1, 15);
    f->fFLUSH = BIT(d1, 19);
    f->fMMX = BIT(d1, 23);
    f->fFXSR = BIT(d1, 24);
    f->fSSE = BIT(d1, 25);
    f->fSSE2 = BIT(d1, 26);
    f->fHT = BIT(d1, 28);
    f->fSSE3 = BIT(c1, 0);
    f->fCLMUL = BIT(c1, 1);
    f->fSSSE3 = BIT(c1, 9);
    f->fSSE4_1 = BIT(c1, 19);
    f->fSSE4_2 = BIT(c1, 20);
    f->fPOPCNT = BIT(c1, 23);
    f->fAES = BIT(c1, 25);
    f->fHV = BIT(c1, 31);

    /* AVX needs the OS to save the YMM state (OSXSAVE, XCR0 bits 1 and 2); AVX-512 also the
     * opmask and ZMM state (XCR0 bits 5, 6, 7) */
    int os_avx = BIT(c1, 27) && (xcr0() & 0x6) == 0x6;
    int os_avx512 = os_avx && (xcr0() & 0xe0) == 0xe0;
    if (os_avx) {
        f->fAVX = BIT(c1, 28);
        f->fFMA = BIT(c1, 12);
        f->fF16C = BIT(c1, 29);
        f->fVZEROUPPER = f->fAVX;
    }

    if (max_leaf >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        unsigned int sub1_max = a;
        f->fBMI1 = BIT(b, 3);
        f->fBMI2 = BIT(b, 8);
        f->fERMS = BIT(b, 9);
        f->fRTM = BIT(b, 11);
        f->fADX = BIT(b, 19);
        f->fFLUSHOPT = BIT(b, 23);
        f->fCLWB = BIT(b, 24);
        f->fSHA = BIT(b, 29);
        f->fPKU = BIT(c, 3);
        f->fOSPKE = BIT(c, 4);
        f->fCET_SS = BIT(c, 7);
        f->fGFNI = BIT(c, 8);
        f->fRDPID = BIT(c, 22);
        f->fFSRM = BIT(d, 4);
        f->fSERIALIZE = BIT(d, 14);
        f->fCET_IBT = BIT(d, 20);
        if (os_avx) {
            f->fAVX2 = BIT(b, 5);
        }
        if (os_avx512 && BIT(b, 16)) {
            f->fAVX512F = 1;
            f->fAVX512DQ = BIT(b, 17);
            f->fAVX512_IFMA = BIT(b, 21);
            f->fAVX512PF = BIT(b, 26);
            f->fAVX512ER = BIT(b, 27);
            f->fAVX512CD = BIT(b, 28);
            f->fAVX512BW = BIT(b, 30);
            f->fAVX512VL = BIT(b, 31);
            f->fAVX512_VBMI = BIT(c, 1);
            f->fAVX512_VBMI2 = BIT(c, 6);
            f->fAVX512_VAES = BIT(c, 9);
            f->fAVX512_VPCLMULQDQ = BIT(c, 10);
            f->fAVX512_VNNI = BIT(c, 11);
            f->fAVX512_BITALG = BIT(c, 12);
            f->fAVX512_VPOPCNTDQ = BIT(c, 14);
            f->fAVX512_FP16 = BIT(d, 23);
        }
        if (sub1_max >= 1) {
            __cpuid_count(7, 1, a, b, c, d);
            if (os_avx) {
                f->fSHA512 = BIT(a, 0);
                f->fAVX_IFMA = BIT(a, 23);
            }
            f->fAPX_F = BIT(d, 21) && (xcr0() & (1ull << 19));
            if (os_avx512 && BIT(d, 19) && max_leaf >= 0x24) {
                unsigned int a24, b24, c24, d24;
                __cpuid_count(0x24, 0, a24, b24, c24, d24);
                unsigned int version = b24 & 0xff;
                f->fAVX10_1 = version >= 1;
                f->fAVX10_2 = version >= 2;
            }
        }
    }

    if (max_ext >= 0x80000001u) {
        __cpuid(0x80000001u, a, b, c, d);
        f->fLZCNT = BIT(c, 5);
        f->fSSE4A = BIT(c, 6);
        f->fAMD_3DNOW_PREFETCH = BIT(c, 8);
        f->fRDTSCP = BIT(d, 27);
    }
    if (max_ext >= 0x80000007u) {
        __cpuid(0x80000007u, a, b, c, d);
        f->fTSCINV_BIT = BIT(d, 8);
        f->fTSCINV = f->fTSCINV_BIT;
    }
}

/* 0 when this CPU has every feature the image was built for, -1 otherwise. The build-time mask is
 * laid out like the CPUFeatures struct (padded to 8 bytes): 0xFE at the byte of each required
 * feature, 0xFF everywhere else; so a feature is missing where (present | mask) != 0xFF. */
int checkCPUFeatures(const unsigned char *buildtime_mask) {
    CPUFeatures now;
    determineCPUFeatures(&now);
    const unsigned char *have = (const unsigned char *) &now;
    for (size_t i = 0; i < sizeof now; i++) {
        if ((unsigned char) ((have[i] ? 1 : 0) | buildtime_mask[i]) != 0xFF) return -1;
    }
    return 0;
}

/* as checkCPUFeatures, but prints the image's message and exits when a feature is missing */
int checkCPUFeaturesOrExit(const unsigned char *buildtime_mask, const char *message) {
    if (checkCPUFeatures(buildtime_mask) != 0) {
        fputs(message, stderr);
        fputc('\n', stderr);
        exit(1);
    }
    return 0;
}
