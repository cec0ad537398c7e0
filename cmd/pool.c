/*
 * pool.c — jobs 0..n-1 run on worker threads while the calling thread takes
 * their results in order (see cli.h). The workers stay at most `window` jobs
 * ahead of the consumer, so memory does not grow with the number of jobs.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int cli_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

typedef struct pool {
    const cli_pool_spec *s;
    void **results;
    char *done;
    size_t next, consumed, ndone;
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
} pool;

static void *worker(void *ud)
{
    pool *p = ud;
    const cli_pool_spec *s = p->s;
    void *tls = s->thread_init ? s->thread_init(s->ud) : NULL;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->next < s->n && s->window && p->next >= p->consumed + s->window)
            pthread_cond_wait(&p->work_cv, &p->mu);
        size_t i = !p->stop && p->next < s->n ? p->next++ : s->n;
        pthread_mutex_unlock(&p->mu);
        if (i >= s->n)
            break;
        void *res = s->work(s->ud, tls, i);
        pthread_mutex_lock(&p->mu);
        p->results[i] = res;
        p->done[i] = 1;
        p->ndone++;
        pthread_cond_broadcast(&p->done_cv);
        pthread_mutex_unlock(&p->mu);
    }
    if (s->thread_free)
        s->thread_free(s->ud, tls);
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* No threads: the same jobs, one after the other, on the calling thread.
   Returns the first nonzero consume() value, else 0. */
static int run_serial(const cli_pool_spec *s)
{
    void *tls = s->thread_init ? s->thread_init(s->ud) : NULL;
    int rc = 0;
    for (size_t i = 0; i < s->n && !rc; i++) {
        rc = s->consume(s->ud, i, s->work(s->ud, tls, i));
        if (s->tick)
            s->tick(s->ud, i + 1, 0);
    }
    if (s->thread_free)
        s->thread_free(s->ud, tls);
    return rc;
}

/* On the calling thread: take each result in job order as the workers
   finish it, ticking about every 0.2 s while waiting, and let the workers
   move on. Returns the first nonzero consume() value (the results after it
   are not taken), else 0. */
static int consume_in_order(pool *p)
{
    const cli_pool_spec *s = p->s;
    int rc = 0;
    double last = now_s();
    for (size_t i = 0; i < s->n && !rc; i++) {
        pthread_mutex_lock(&p->mu);
        while (!p->done[i]) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 200000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&p->done_cv, &p->mu, &ts);
            if (s->tick && now_s() - last >= 0.2) {
                s->tick(s->ud, p->ndone, 0);
                last = now_s();
            }
        }
        void *res = p->results[i];
        pthread_mutex_unlock(&p->mu);
        rc = s->consume(s->ud, i, res);
        pthread_mutex_lock(&p->mu);
        p->consumed = i + 1;
        pthread_cond_broadcast(&p->work_cv);
        pthread_mutex_unlock(&p->mu);
    }
    return rc;
}

int cli_pool_run(const cli_pool_spec *s)
{
    if (s->n == 0)
        return 0;
    if (s->threads <= 1 || s->n == 1)
        return run_serial(s);
    pool p = {.s = s};
    p.results = calloc(s->n, sizeof *p.results);
    p.done = calloc(s->n, 1);
    if (!p.results || !p.done) {
        free(p.results);
        free(p.done);
        return -1;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work_cv, NULL);
    pthread_cond_init(&p.done_cv, NULL);
    size_t nt = (size_t)s->threads < s->n ? (size_t)s->threads : s->n;
    pthread_t *th = calloc(nt, sizeof *th);
    size_t started = 0;
    for (; th && started < nt; started++)
        if (pthread_create(&th[started], NULL, worker, &p) != 0)
            break;
    int rc = started ? consume_in_order(&p) : -1;
    /* stopped early: let the workers finish what they hold, drop the rest */
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.work_cv);
    pthread_mutex_unlock(&p.mu);
    for (size_t t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    if (s->discard)
        for (size_t i = 0; i < s->n; i++)
            if (p.done[i] && i >= p.consumed)
                s->discard(s->ud, p.results[i]);
    if (s->tick && !rc)
        s->tick(s->ud, s->n, 1);
    free(th);
    free(p.results);
    free(p.done);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.work_cv);
    pthread_cond_destroy(&p.done_cv);
    return rc;
}
