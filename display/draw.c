/*
 * Drawing shared by the display's screens: text whose place is recorded
 * for the state dump (a test finds the called number in the screenshot by
 * it), and the discreet word that the daemon is away.
 */
#include <SDL_ttf.h>
#include <stdio.h>

#include "draw.h"
#include "ui-font.h"

/* Bold text with its top-left at design (x, y), and where it went in
 * pixels recorded in *rec. Returns its width in design units. */
int draw_text_recorded(struct display *d, struct drawn_text *rec,
                       const char *text, int size, SDL_Color ink, SDL_Color bg,
                       int x, int y)
{
	struct ui *ui = d->app.ui;
	int px = (int)(size * ui->scale + 0.5f), w = 0, h = 0;

	if (px < 6)
		px = 6;
	TTF_SizeUTF8(ui_fonts_get(ui->fonts, px, UI_BOLD), text, &w, &h);
	snprintf(rec->text, sizeof rec->text, "%s", text);
	rec->px = px;
	rec->box.x = ui->off_x + (int)(x * ui->scale);
	rec->box.y = ui->off_y + (int)(y * ui->scale);
	rec->box.w = w;
	rec->box.h = h;
	rec->ink = ink;
	rec->bg = bg;
	return ui_text(ui, text, size, UI_BOLD, ink, x, y, UI_LEFT);
}

/* Said small, in amber, where it does not cover what the hall reads. */
void draw_link_down(struct display *d, struct ui *ui, const char *key, int x,
                    int y, int size, int align)
{
	static const SDL_Color amber = {0xff, 0xc0, 0x6b, 0xff};

	if (d->link_up)
		return;
	ui_text(ui, ui_s(ui, key), size, UI_REGULAR, amber, x, y,
	        align | UI_MIDDLE);
}
