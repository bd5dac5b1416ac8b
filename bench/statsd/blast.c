// blast: the StatsD sender of bench/statsd/run.sh (one process, sendmmsg(2) on connected UDP
// sockets). C rather than Java: a JVM sender would share the two cores with the JVM it measures
// and spend its first seconds in the interpreter, while this sends from the first packet at the
// kernel's pace, and sendmmsg hands a producer's whole burst to the kernel in one system call.
//
//   blast burst  HOST PORT PRODUCERS MIN MAX SEED NAME
//       PRODUCERS sockets (distinct source ports), each sending MIN..MAX one-line packets
//       "NAME:1|c|#instance:p<i>" (count drawn from SEED), producer after producer, unpaced.
//   blast rate   HOST PORT LINES_PER_S SECONDS LINES_PER_PACKET SOCKETS NAME
//       paced: LINES_PER_S lines a second for SECONDS over SOCKETS sockets in turn, packets of
//       LINES_PER_PACKET lines of about 70 bytes each.
//   blast series HOST PORT N LINES_PER_PACKET LINES_PER_S NAME
//       N distinct counter series "NAME:1|c|#instance:s<i>", paced at LINES_PER_S, 8 sockets.
//
// Prints one line of key=value figures: packets, lines, bytes sent (what the kernel accepted),
// errors (failed sends, not retried), seconds (first send to last), cpu (this process's user +
// system seconds) and, for rate, slips (times the sender fell more than 10 ms behind its schedule
// and gave up catching up: the achieved rate is then lines/seconds, below the one asked).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define LINE_MAX_BYTES 128

static long packets, lines, bytes, errors, slips;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what) {
  perror(what);
  exit(2);
}

static int open_socket(const struct sockaddr_in *to) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) die("socket");
  if (connect(fd, (const struct sockaddr *)to, sizeof *to) < 0) die("connect");
  return fd;
}

// Sends n messages on fd; partial sends go on from where they stopped, a failure counts the rest
// of the batch as errors.
static void send_all(int fd, struct mmsghdr *m, int n, int lines_per_packet) {
  int done = 0;
  while (done < n) {
    int r = sendmmsg(fd, m + done, n - done, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      errors += n - done;
      return;
    }
    for (int i = done; i < done + r; i++) bytes += m[i].msg_len;
    done += r;
  }
  packets += n;
  lines += (long)n * lines_per_packet;
}

static void raise_open_files(long need) {
  struct rlimit r;
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && (long)r.rlim_cur < need) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
  }
}

static double cpu_seconds(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static void report(double seconds) {
  printf("packets=%ld lines=%ld bytes=%ld errors=%ld seconds=%.6f cpu=%.3f slips=%ld\n", packets, lines,
         bytes, errors, seconds, cpu_seconds(), slips);
}

static uint64_t rng_state;
static uint64_t next_random(void) { // xorshift64*
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ULL;
}

static int burst(const struct sockaddr_in *to, int producers, int min, int max, unsigned long seed,
                 const char *name) {
  raise_open_files(producers + 64);
  int *fd = malloc(sizeof(int) * producers);
  int *count = malloc(sizeof(int) * producers);
  char (*text)[LINE_MAX_BYTES] = malloc((size_t)LINE_MAX_BYTES * producers);
  int len_max = max > 0 ? max : 1;
  struct mmsghdr *m = calloc(len_max, sizeof *m);
  struct iovec *v = calloc(len_max, sizeof *v);
  if (!fd || !count || !text || !m || !v) die("malloc");
  rng_state = seed * 2654435761UL + 88172645463325252ULL;
  // Everything is built and every socket opened before the first packet, so the burst itself is
  // only system calls.
  for (int i = 0; i < producers; i++) {
    fd[i] = open_socket(to);
    count[i] = min + (int)(next_random() % (uint64_t)(max - min + 1));
    snprintf(text[i], LINE_MAX_BYTES, "%s:1|c|#instance:p%d", name, i);
  }
  for (int j = 0; j < len_max; j++) {
    m[j].msg_hdr.msg_iov = &v[j];
    m[j].msg_hdr.msg_iovlen = 1;
  }
  double start = now();
  for (int i = 0; i < producers; i++) {
    for (int j = 0; j < count[i]; j++) {
      v[j].iov_base = text[i];
      v[j].iov_len = strlen(text[i]);
    }
    send_all(fd[i], m, count[i], 1);
  }
  report(now() - start);
  return 0;
}

// One ~70-byte line; socket s, line j of its packet.
static int rate_line(char *out, const char *name, int s, int j) {
  return snprintf(out, LINE_MAX_BYTES, "%s:1|c|#instance:s%02d,job:bench,route:/api/v1/order%d,status:200",
                  name, s % 100, j % 10);
}

static int rate(const struct sockaddr_in *to, double per_second, double seconds, int lines_per_packet,
                int sockets, const char *name) {
  raise_open_files(sockets + 64);
  int *fd = malloc(sizeof(int) * sockets);
  char **packet = malloc(sizeof(char *) * sockets);
  size_t *len = malloc(sizeof(size_t) * sockets);
  struct mmsghdr m[BATCH];
  struct iovec v[BATCH];
  if (!fd || !packet || !len) die("malloc");
  for (int s = 0; s < sockets; s++) {
    fd[s] = open_socket(to);
    packet[s] = malloc((size_t)LINE_MAX_BYTES * lines_per_packet);
    if (!packet[s]) die("malloc");
    size_t at = 0;
    for (int j = 0; j < lines_per_packet; j++) {
      if (j > 0) packet[s][at++] = '\n';
      at += rate_line(packet[s] + at, name, s, j);
    }
    len[s] = at;
  }
  memset(m, 0, sizeof m);
  // A batch is at most about a millisecond of the rate, so pacing stays smooth at low rates.
  int batch = (int)(per_second / lines_per_packet / 1000);
  if (batch < 1) batch = 1;
  if (batch > BATCH) batch = BATCH;
  double start = now(), base = start, base_lines = 0, end = start + seconds;
  int s = 0;
  for (;;) {
    double t = now();
    if (t >= end) break;
    double due = base_lines + (t - base) * per_second;
    if (lines >= due) {
      // Sleep until the next batch is due (or the end).
      double wake = base + (lines - base_lines) / per_second;
      if (wake > end) wake = end;
      double d = wake - t;
      if (d > 0) {
        struct timespec ts = {(time_t)d, (long)((d - (time_t)d) * 1e9)};
        nanosleep(&ts, NULL);
      }
      continue;
    }
    if (due - lines > per_second * 0.01) {
      // More than 10 ms behind: restart the schedule from here rather than burst to catch up.
      slips++;
      base = t;
      base_lines = lines;
    }
    for (int j = 0; j < batch; j++) {
      v[j].iov_base = packet[s];
      v[j].iov_len = len[s];
      m[j].msg_hdr.msg_iov = &v[j];
      m[j].msg_hdr.msg_iovlen = 1;
    }
    send_all(fd[s], m, batch, lines_per_packet);
    s = (s + 1) % sockets;
  }
  report(now() - start);
  fprintf(stderr, "blast: %d sockets, packets of %d lines, %zu bytes\n", sockets, lines_per_packet, len[0]);
  return 0;
}

static int series(const struct sockaddr_in *to, long n, int lines_per_packet, double per_second,
                  const char *name) {
  enum { SOCKETS = 8 };
  int fd[SOCKETS];
  for (int s = 0; s < SOCKETS; s++) fd[s] = open_socket(to);
  char *buf = malloc((size_t)LINE_MAX_BYTES * lines_per_packet);
  if (!buf) die("malloc");
  struct mmsghdr m;
  struct iovec v;
  memset(&m, 0, sizeof m);
  m.msg_hdr.msg_iov = &v;
  m.msg_hdr.msg_iovlen = 1;
  double start = now();
  long next = 0;
  int s = 0;
  while (next < n) {
    double due = (now() - start) * per_second;
    if (lines >= due) {
      struct timespec ts = {0, 200000};
      nanosleep(&ts, NULL);
      continue;
    }
    size_t at = 0;
    int k = 0;
    for (; k < lines_per_packet && next < n; k++, next++) {
      if (k > 0) buf[at++] = '\n';
      at += snprintf(buf + at, LINE_MAX_BYTES, "%s:1|c|#instance:s%ld", name, next);
    }
    v.iov_base = buf;
    v.iov_len = at;
    send_all(fd[s], &m, 1, k);
    s = (s + 1) % SOCKETS;
  }
  report(now() - start);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: blast burst|rate|series HOST PORT ... (see blast.c)\n");
    return 2;
  }
  struct sockaddr_in to;
  memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_port = htons((uint16_t)atoi(argv[3]));
  if (inet_pton(AF_INET, argv[2], &to.sin_addr) != 1) die("inet_pton");
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (strcmp(argv[1], "burst") == 0 && argc == 9)
    return burst(&to, atoi(argv[4]), atoi(argv[5]), atoi(argv[6]), strtoul(argv[7], NULL, 10), argv[8]);
  if (strcmp(argv[1], "rate") == 0 && argc == 9)
    return rate(&to, atof(argv[4]), atof(argv[5]), atoi(argv[6]), atoi(argv[7]), argv[8]);
  if (strcmp(argv[1], "series") == 0 && argc == 8)
    return series(&to, atol(argv[4]), atoi(argv[5]), atof(argv[6]), argv[7]);
  fprintf(stderr, "blast: bad arguments (see blast.c)\n");
  return 2;
}
