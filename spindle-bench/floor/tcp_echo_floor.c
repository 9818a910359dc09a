/*
 * tcp_echo's floor on this machine's kernel: the workload of WORKLOADS.md (50 connections x
 * 2,000 sequential 64-byte round trips on 127.0.0.1, TCP_NODELAY, server and clients in one
 * process) written directly on epoll in C, with no runtime at all: each thread owns an epoll
 * instance and its share of the connections (both ends), and per round trip makes exactly
 * the four system calls the exchange needs (client write, server read, server write, client
 * read) plus its share of epoll_wait. Nothing a JVM runtime does can cost less kernel time,
 * so its rate bounds what any peer of the harness can reach here.
 *
 *   gcc -O2 -pthread -o tcp_echo_floor tcp_echo_floor.c && ./tcp_echo_floor THREADS [--json]
 *
 * Prints one line per run (1 warm-up, then 5 counted) and the median of the counted runs, in
 * round trips per second; with --json those lines go to stderr and stdout gets the harness's
 * JSON line (peer "floor-<THREADS>t"), which is how spindle-bench/run.sh runs it. Every echo is
 * checked; a wrong byte exits with status 1.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECTIONS 50
#define ROUND_TRIPS 2000
#define MESSAGE 64
#define RUNS 6

static struct sockaddr_in server_addr;
static int listener;
static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void fill(unsigned char *b, int conn, int round) {
    for (int i = 0; i < MESSAGE; i++) {
        b[i] = (unsigned char) (conn * 31 + round * 7 + i);
    }
}

/* One connected pair: the client end and the server's accepted end, both non-blocking. */
static void connect_pair(int *client, int *server) {
    int one = 1;
    pthread_mutex_lock(&accept_lock); /* so that the end accepted is this thread's client's */
    *client = socket(AF_INET, SOCK_STREAM, 0);
    if (*client < 0 || connect(*client, (struct sockaddr *) &server_addr, sizeof server_addr) < 0) {
        die("connect");
    }
    *server = accept(listener, NULL, NULL);
    pthread_mutex_unlock(&accept_lock);
    if (*server < 0) {
        die("accept");
    }
    setsockopt(*client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(*server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(*client, F_SETFL, O_NONBLOCK);
    fcntl(*server, F_SETFL, O_NONBLOCK);
}

/* Runs `conns` connections' round trips on one epoll instance; returns the round trips made. */
static long run_connections(int conns, int first_conn) {
    int client[CONNECTIONS], server[CONNECTIONS], round[CONNECTIONS], have[CONNECTIONS];
    unsigned char expected[CONNECTIONS][MESSAGE], got[CONNECTIONS][MESSAGE], buf[8192];
    int ep = epoll_create1(0);
    if (ep < 0) {
        die("epoll_create1");
    }
    for (int i = 0; i < conns; i++) {
        connect_pair(&client[i], &server[i]);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (unsigned) i};
        epoll_ctl(ep, EPOLL_CTL_ADD, client[i], &ev);
        ev.data.u32 = (unsigned) (CONNECTIONS + i);
        epoll_ctl(ep, EPOLL_CTL_ADD, server[i], &ev);
        round[i] = 0;
        have[i] = 0;
    }
    for (int i = 0; i < conns; i++) {
        fill(expected[i], first_conn + i, 0);
        if (write(client[i], expected[i], MESSAGE) != MESSAGE) {
            die("write");
        }
    }
    long trips = 0;
    int done = 0;
    struct epoll_event events[256];
    while (done < conns) {
        int n = epoll_wait(ep, events, 256, -1);
        for (int k = 0; k < n; k++) {
            unsigned id = events[k].data.u32;
            if (id >= CONNECTIONS) { /* the server end: echo what arrived */
                int fd = server[id - CONNECTIONS];
                ssize_t r = read(fd, buf, sizeof buf);
                if (r > 0 && write(fd, buf, (size_t) r) != r) {
                    die("echo write");
                }
                continue;
            }
            ssize_t r = read(client[id], got[id] + have[id], (size_t) (MESSAGE - have[id]));
            if (r <= 0 || (have[id] += (int) r) < MESSAGE) {
                continue;
            }
            have[id] = 0;
            if (memcmp(expected[id], got[id], MESSAGE) != 0) {
                fprintf(stderr, "connection %d round %d echoed wrong\n", first_conn + (int) id, round[id]);
                exit(1);
            }
            trips++;
            if (++round[id] == ROUND_TRIPS) {
                done++;
                continue;
            }
            fill(expected[id], first_conn + (int) id, round[id]);
            if (write(client[id], expected[id], MESSAGE) != MESSAGE) {
                die("write");
            }
        }
    }
    for (int i = 0; i < conns; i++) {
        close(client[i]);
        close(server[i]);
    }
    close(ep);
    return trips;
}

struct share {
    int conns, first;
    long trips;
};

static void *thread_main(void *arg) {
    struct share *s = arg;
    s->trips = run_connections(s->conns, s->first);
    return NULL;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    int json = argc > 2 && strcmp(argv[2], "--json") == 0;
    if (threads < 1 || threads > CONNECTIONS) {
        fprintf(stderr, "usage: %s THREADS (1..%d) [--json]\n", argv[0], CONNECTIONS);
        return 2;
    }
    FILE *human = json ? stderr : stdout;
    listener = socket(AF_INET, SOCK_STREAM, 0);
    server_addr.sin_family = AF_INET;
    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof server_addr;
    if (bind(listener, (struct sockaddr *) &server_addr, len) < 0 || listen(listener, 1024) < 0
        || getsockname(listener, (struct sockaddr *) &server_addr, &len) < 0) {
        die("listen");
    }
    double rates[RUNS];
    for (int run = 0; run < RUNS; run++) {
        pthread_t tid[CONNECTIONS];
        struct share share[CONNECTIONS];
        double t0 = now();
        for (int t = 0, first = 0; t < threads; t++) {
            share[t].conns = CONNECTIONS / threads + (t < CONNECTIONS % threads);
            share[t].first = first;
            first += share[t].conns;
            pthread_create(&tid[t], NULL, thread_main, &share[t]);
        }
        long trips = 0;
        for (int t = 0; t < threads; t++) {
            pthread_join(tid[t], NULL);
            trips += share[t].trips;
        }
        double elapsed = now() - t0;
        if (trips != (long) CONNECTIONS * ROUND_TRIPS) {
            fprintf(stderr, "made %ld round trips, expected %d\n", trips, CONNECTIONS * ROUND_TRIPS);
            return 1;
        }
        rates[run] = (double) trips / elapsed;
        fprintf(human, "%s %d: %.0f round trips/s\n", run == 0 ? "warm-up" : "run", run, rates[run]);
    }
    qsort(rates + 1, RUNS - 1, sizeof rates[0], by_value);
    double median = rates[1 + (RUNS - 1) / 2], fastest = rates[RUNS - 1], slowest = rates[1];
    fprintf(human, "tcp_echo floor, %d thread%s: median %.0f round trips/s\n", threads, threads == 1 ? "" : "s", median);
    if (json) {
        double ops = (double) CONNECTIONS * ROUND_TRIPS;
        printf("{\"workload\":\"tcp_echo\",\"peer\":\"floor-%dt\",\"n\":%d,\"median_ms\":%.3f,\"min_ms\":%.3f,"
               "\"max_ms\":%.3f,\"ns_per_op\":%.1f,\"round_trips_per_s\":%.1f}\n",
               threads, RUNS - 1, ops / median * 1e3, ops / fastest * 1e3, ops / slowest * 1e3, 1e9 / median, median);
    }
    return 0;
}
