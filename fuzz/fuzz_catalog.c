/* The catalog file: whatever a hall's editor saves must not crash us. */
#include <stdint.h>

#include "catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qerr err;
	struct catalog *c = catalog_parse((const char *)data, size, &err);

	if (c != NULL) {
		for (size_t i = 0; i < c->nqueues; i++)
			catalog_queue_find(c, c->queues[i].prefix);
		catalog_free(c);
	}
	return 0;
}
