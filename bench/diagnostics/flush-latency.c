// How slow is a WAL-like flush on this disk right now? Appends 8 kB and fdatasync()s, then sleeps, in a loop; prints
// every flush slower than the threshold and a summary. Run it beside a load (docs/performance.md, Diagnostics):
//   gcc -O2 -o /tmp/flush-latency bench/diagnostics/flush-latency.c
//   /tmp/flush-latency .data-bench/flush.test 25 10 20     (file on the WAL's file system, seconds, threshold ms, pause ms)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: %s FILE SECONDS THRESHOLD_MS PAUSE_MS\n", argv[0]); return 2; }
  double seconds = atof(argv[2]), threshold = atof(argv[3]), pause = atof(argv[4]);
  int fd = open(argv[1], O_CREAT | O_WRONLY | O_TRUNC, 0600);
  if (fd < 0) { perror(argv[1]); return 1; }
  static char block[8192];
  int flushes = 0, over5 = 0, over10 = 0, over20 = 0, over50 = 0;
  double start = now_ms(), total = 0, worst = 0;
  while (now_ms() - start < seconds * 1e3) {
    double before = now_ms();
    if (write(fd, block, sizeof block) < 0 || fdatasync(fd) < 0) { perror("write"); return 1; }
    double took = now_ms() - before;
    flushes++;
    total += took;
    if (took > threshold) printf("at %.3f s: flush %.2f ms\n", (before - start) / 1e3, took);
    over5 += took > 5; over10 += took > 10; over20 += took > 20; over50 += took > 50;
    if (took > worst) worst = took;
    if (flushes % 1000 == 0 && (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0)) { perror("truncate"); return 1; }
    usleep((useconds_t)(pause * 1000));
  }
  close(fd);
  unlink(argv[1]);
  fprintf(stderr, "%d flushes, mean %.3f ms; > 5 ms %d, > 10 ms %d, > 20 ms %d, > 50 ms %d; worst %.1f ms\n",
          flushes, total / flushes, over5, over10, over20, over50, worst);
  return 0;
}
