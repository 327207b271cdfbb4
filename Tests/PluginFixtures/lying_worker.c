/* A stand-in for `latkit plugin-worker` that speaks the worker protocol (see WorkerWire.swift)
 * but lies: it says `ready`, then answers every `predict` with latency -1 for each row, and any
 * other request with `ok`. The host must refuse those outputs itself, as a worker whose memory
 * a plugin corrupted could send anything. Its arguments are ignored. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_all(void *buffer, size_t count) {
    uint8_t *at = buffer;
    while (count > 0) {
        ssize_t got = read(0, at, count);
        if (got <= 0) return -1;
        at += got;
        count -= (size_t)got;
    }
    return 0;
}

static void send_message(const uint8_t *body, uint32_t size) {
    if (write(1, &size, 4) != 4 || write(1, body, size) != (ssize_t)size) exit(1);
}

int main(void) {
    uint8_t ready = 1;
    send_message(&ready, 1);
    for (;;) {
        uint32_t size;
        if (read_all(&size, 4) != 0) return 0;
        uint8_t *body = malloc(size ? size : 1);
        if (!body || read_all(body, size) != 0) return 0;
        if (body[0] == 6) return 0; /* quit */
        if (body[0] == 3 && size >= 5) { /* predict: code, search space (u32 length + bytes), row count (i64) */
            uint32_t length;
            memcpy(&length, body + 1, 4);
            int64_t rows;
            memcpy(&rows, body + 5 + length, 8);
            uint32_t reply_size = 1 + 8 + 8 * (uint32_t)rows + 1;
            uint8_t *reply = calloc(reply_size, 1);
            reply[0] = 2; /* ok */
            uint64_t count = (uint64_t)rows;
            memcpy(reply + 1, &count, 8);
            for (int64_t row = 0; row < rows; row++) {
                double value = -1;
                memcpy(reply + 9 + 8 * row, &value, 8);
            }
            reply[reply_size - 1] = 0; /* no std */
            send_message(reply, reply_size);
            free(reply);
        } else {
            uint8_t ok = 2;
            send_message(&ok, 1);
        }
        free(body);
    }
}
