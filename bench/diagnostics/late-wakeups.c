// Does the hypervisor take the vCPUs away? Per CPU, a SCHED_FIFO thread sleeps 1 ms at a time and records how late it
// wakes. A real-time thread preempts every normal process as soon as its timer fires, so a late wake-up means the CPU
// itself was not running (or interrupts were off). Run it as root beside a load (docs/performance.md, Diagnostics):
//   gcc -O2 -pthread -o /tmp/late-wakeups bench/diagnostics/late-wakeups.c && /tmp/late-wakeups 25 3
// Arguments: seconds, report threshold in ms. Prints each wake-up later than the threshold, then a summary per CPU.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double seconds, threshold, start;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *watch(void *arg) {
  long cpu = (long)arg;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
  struct sched_param priority = {.sched_priority = 99};
  if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &priority) != 0) fprintf(stderr, "cpu%ld: SCHED_FIFO refused (not root?)\n", cpu);
  int sleeps = 0, over2 = 0, over5 = 0, over10 = 0, over20 = 0;
  double worst = 0;
  struct timespec one_ms = {0, 1000000};
  while (now_ms() - start < seconds * 1e3) {
    double before = now_ms();
    clock_nanosleep(CLOCK_MONOTONIC, 0, &one_ms, NULL);
    double late = now_ms() - before - 1.0;
    sleeps++;
    if (late > threshold) printf("cpu%ld at %.3f s: %.2f ms late\n", cpu, (before - start) / 1e3, late);
    over2 += late > 2; over5 += late > 5; over10 += late > 10; over20 += late > 20;
    if (late > worst) worst = late;
  }
  fprintf(stderr, "cpu%ld: %d sleeps; late > 2 ms %d, > 5 ms %d, > 10 ms %d, > 20 ms %d; worst %.2f ms\n",
          cpu, sleeps, over2, over5, over10, over20, worst);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: %s SECONDS THRESHOLD_MS\n", argv[0]); return 2; }
  seconds = atof(argv[1]);
  threshold = atof(argv[2]);
  start = now_ms();
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  pthread_t threads[256];
  for (long c = 0; c < cpus && c < 256; c++) pthread_create(&threads[c], NULL, watch, (void *)c);
  for (long c = 0; c < cpus && c < 256; c++) pthread_join(threads[c], NULL);
  return 0;
}
