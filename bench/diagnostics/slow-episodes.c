// Does this machine's CPU speed change from moment to moment? One thread per CPU repeats a fixed piece of integer work
// (~0.25 ms) and times each piece. It prints every episode in which consecutive pieces ran more than 1.5x slower than
// the median for 5 ms or longer, and per CPU how much time such episodes took. A piece that is slow because the thread
// was preempted shows up as one long piece; a stretch of uniformly slower pieces on all CPUs at once is the host
// slowing the whole VM down. Run it on the otherwise idle machine (docs/performance.md, "Telling a slow host"):
//   gcc -O2 -pthread -o /tmp/slow-episodes bench/diagnostics/slow-episodes.c && /tmp/slow-episodes 60 [CPUS]
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define MAX_PIECES 1000000

static double seconds, start;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void *measure(void *arg) {
  long cpu = (long)arg;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
  double *took = malloc(sizeof(double) * MAX_PIECES), *at = malloc(sizeof(double) * MAX_PIECES), *sorted = malloc(sizeof(double) * MAX_PIECES);
  volatile unsigned long x = 1;
  int n = 0;
  while (n < MAX_PIECES && now_ms() - start < seconds * 1e3) {
    double before = now_ms();
    for (int i = 0; i < 160000; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
    at[n] = before - start;
    took[n++] = now_ms() - before;
  }
  for (int i = 0; i < n; i++) sorted[i] = took[i];
  qsort(sorted, n, sizeof(double), by_value);
  double median = sorted[n / 2], slow_total = 0;
  int episodes = 0;
  for (int i = 0; i < n;) {
    if (took[i] <= 1.5 * median) { i++; continue; }
    int j = i;
    double sum = 0;
    while (j < n && took[j] > 1.5 * median) sum += took[j++];
    if (sum >= 5) {
      episodes++;
      slow_total += sum;
      printf("cpu%ld at %.3f s: %.1f ms at %.1fx the median\n", cpu, at[i] / 1e3, sum, sum / ((j - i) * median));
    }
    i = j;
  }
  fprintf(stderr, "cpu%ld: %d pieces, median %.3f ms; %d slow episodes (>= 5 ms at > 1.5x), %.0f ms of %.0f s (%.1f %%)\n",
          cpu, n, median, episodes, slow_total, seconds, slow_total / (seconds * 10));
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s SECONDS [CPUS]\n", argv[0]); return 2; }
  seconds = atof(argv[1]);
  long cpus = argc > 2 ? atol(argv[2]) : sysconf(_SC_NPROCESSORS_ONLN);
  if (cpus > 256) cpus = 256;
  start = now_ms();
  pthread_t threads[256];
  for (long c = 0; c < cpus; c++) pthread_create(&threads[c], NULL, measure, (void *)c);
  for (long c = 0; c < cpus; c++) pthread_join(threads[c], NULL);
  return 0;
}
