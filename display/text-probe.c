/*
 * display-text-probe OUT.png PX TEXT: TEXT rendered at PX pixels in the
 * screens' bold font (fontconfig's choice, as common/ui makes it), as a PNG
 * of exactly the text's box whose alpha is the ink. Tests hold a display's
 * screenshot against it to check that the called number is really there.
 * A test tool only; it is not installed.
 */
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>

#include "ui-font.h"

/* Render the text; exit 0 when the PNG is written. */
int main(int argc, char **argv)
{
	SDL_Color white = {0xff, 0xff, 0xff, 0xff};
	struct ui_fonts *fonts;
	struct qerr err = {0};
	SDL_Surface *s;
	int px, rc = 1;

	if (argc != 4 || (px = atoi(argv[2])) < 6) {
		fprintf(stderr, "usage: display-text-probe OUT.png PX TEXT\n");
		return 2;
	}
	if (TTF_Init() < 0 || (fonts = ui_fonts_open(&err)) == NULL) {
		fprintf(stderr, "display-text-probe: %s\n",
		        err.message[0] ? err.message : TTF_GetError());
		return 1;
	}
	s = TTF_RenderUTF8_Blended(ui_fonts_get(fonts, px, UI_BOLD), argv[3],
	                           white);
	if (s && IMG_SavePNG(s, argv[1]) == 0)
		rc = 0;
	else
		fprintf(stderr, "display-text-probe: %s\n", SDL_GetError());
	SDL_FreeSurface(s);
	ui_fonts_close(fonts);
	TTF_Quit();
	return rc;
}
