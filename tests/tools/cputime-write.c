// SPDX-License-Identifier: GPL-2.0
/*
 * cputime-write FILE STRING: write STRING to FILE with one write() and
 * print the CPU time the calling thread spent in that write() as
 * "task_ns=N".  The time is CLOCK_THREAD_CPUTIME_ID, which the kernel
 * brings up to date for the running thread when asked, so it also counts
 * what ran since the last tick (a /proc/PID/schedstat read does not).
 * The file is opened before the clock starts.  Exit status: 0 when the
 * write() wrote all of STRING, 1 otherwise (its error on stderr), 2 on
 * bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	size_t len;
	ssize_t n;
	int fd, err;

	if (argc != 3) {
		fprintf(stderr, "usage: cputime-write FILE STRING\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "cputime-write: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	len = strlen(argv[2]);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	n = write(fd, argv[2], len);
	err = errno;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	close(fd);
	printf("task_ns=%lld\n", ns(&t1) - ns(&t0));
	if (n != (ssize_t)len) {
		fprintf(stderr, "cputime-write: %s: %s\n", argv[1],
			n < 0 ? strerror(err) : "short write");
		return 1;
	}
	return 0;
}
