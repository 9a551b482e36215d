/*
 * The pages' files, from assets/web: only the names in this table, each
 * with its type, so no request can name any other file on the server.
 */
#include <event2/buffer.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "assets.h"
#include "http-private.h"
#include "log.h"

#define HTTP_STATIC_MAX (1 << 20) /* our biggest file is a few KiB */

static const struct {
	const char *name, *type;
} http_files[] = {
    {"index.html", "text/html; charset=utf-8"},
    {"ticket.html", "text/html; charset=utf-8"},
    {"display.html", "text/html; charset=utf-8"},
    {"console.html", "text/html; charset=utf-8"},
    {"404.html", "text/html; charset=utf-8"},
    {"hall.css", "text/css; charset=utf-8"},
    {"common.js", "text/javascript; charset=utf-8"},
    {"ticket.js", "text/javascript; charset=utf-8"},
    {"display.js", "text/javascript; charset=utf-8"},
    {"console.js", "text/javascript; charset=utf-8"},
    {"chime.wav", "audio/wav"},
};

#define HTTP_NFILES (sizeof http_files / sizeof http_files[0])

static const char *http_static_type(const char *name)
{
	for (size_t i = 0; i < HTTP_NFILES; i++)
		if (strcmp(http_files[i].name, name) == 0)
			return http_files[i].type;
	return NULL;
}

/* Pages are sent as they are; the static folder's files are cached. */
int http_static_send(struct evhttp_request *req, const char *name, int code)
{
	const char *type = http_static_type(name);
	char path[1200];
	struct evbuffer *b;
	struct stat st;
	int fd;

	if (type == NULL || assets_path(path, sizeof path, "web") ||
	    strlen(path) + strlen(name) + 2 > sizeof path)
		return -1;
	strcat(path, "/");
	strcat(path, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size > HTTP_STATIC_MAX) {
		log_warn("http", "cannot read %s", path);
		if (fd >= 0)
			close(fd);
		http_send_error(req, 500, "Internal Server Error");
		return 0;
	}
	b = evbuffer_new();
	if (b == NULL || evbuffer_add_file(b, fd, 0, st.st_size) < 0)
		fatal("out of memory sending %s", path);
	http_headers(req, type, strstr(type, "text/html") == NULL);
	evhttp_send_reply(req, code, code == 200 ? "OK" : "Not Found", b);
	evbuffer_free(b);
	return 0;
}

void http_static_route(struct http *h, struct evhttp_request *req,
                       const char *path)
{
	(void)h;
	if (http_static_send(req, path + strlen("/static/"), 200))
		http_send_error(req, 404, "Not Found");
}
