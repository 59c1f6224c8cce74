/* A thread-per-connection HTTP/1.1 server for kotel's user-probe tests: each
 * GET /price/<item> calls compute_price(item, "sku-<item>") (a named function
 * with a USDT probe kotel_test:priced inside) while serving, then answers 200
 * keep-alive. Built at test time: cc -O1 -g priced_server.c -lpthread.
 * usage: priced_server PORT */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <sys/socket.h>
#include <unistd.h>

__attribute__((noinline)) long compute_price(long item, const char *sku)
{
	long total = item * 100 + (long)strlen(sku);
	DTRACE_PROBE2(kotel_test, priced, item, total);
	return total;
}

static void *serve(void *arg)
{
	int fd = (int)(long)arg;
	char buf[4096], sku[32], reply[128];
	size_t have = 0;

	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		char *end = strstr(buf, "\r\n\r\n");
		if (!end)
			continue;
		long item = 0;
		if (sscanf(buf, "GET /price/%ld", &item) != 1)
			item = -1;
		snprintf(sku, sizeof(sku), "sku-%ld", item);
		long total = compute_price(item, sku);
		int body = snprintf(reply, sizeof(reply), "%ld", total);
		char head[128];
		int hl = snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", body);
		char out[256];
		memcpy(out, head, (size_t)hl);
		memcpy(out + hl, reply, (size_t)body);
		if (write(fd, out, (size_t)(hl + body)) < 0)
			break;
		size_t used = (size_t)(end + 4 - buf);
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PORT\n", argv[0]);
		return 2;
	}
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1])) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 64)) {
		perror("bind/listen");
		return 1;
	}
	printf("listening %s\n", argv[1]);
	fflush(stdout);
	for (;;) {
		int c = accept(s, NULL, NULL);
		pthread_t t;
		if (c < 0)
			continue;
		pthread_create(&t, NULL, serve, (void *)(long)c);
		pthread_detach(t);
	}
}
