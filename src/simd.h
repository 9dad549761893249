/*
 * Which vector instructions the CPU running us has, for the few loops
 * (JSON escaping, copying feed text) that have a 32-byte path.
 *
 * glibc (2.33 and later) has read the CPU already and says so through
 * <sys/platform/x86.h>.  GCC's __builtin_cpu_supports() would read it
 * again, with CPUID instructions in a constructor that runs at every
 * start of the program; under a hypervisor each of them traps, and
 * `tidings parse` on a small feed spent a tenth of its time there.
 */
#ifndef TIDINGS_SIMD_H
#define TIDINGS_SIMD_H

#include "config.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define SIMD_X86 1
#ifdef HAVE_SYS_PLATFORM_X86_H
#include <sys/platform/x86.h>
#endif

/* Nonzero when the 32-byte (AVX2) paths may run.  Asked once (glibc's
 * answer is a call away), then kept. */
static inline int
simd_have_avx2(void)
{
	static int	have = -1;

	if (have < 0)
#ifdef HAVE_SYS_PLATFORM_X86_H
		have = CPU_FEATURE_ACTIVE(AVX2) ? 1 : 0;
#else
		have = __builtin_cpu_supports("avx2") ? 1 : 0;
#endif
	return have;
}
#endif

#endif
