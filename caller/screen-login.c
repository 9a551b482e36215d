/*
 * Staff log in: staff number and PIN, typed on the keyboard or on the
 * keypad beside the form (a counter's touchscreen may have no keyboard).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "caller.h"

enum {
	LOGIN_FIELD_STAFF = 0,
	LOGIN_FIELD_PIN = 1,
	LOGIN_DIGIT = 10, /* 10..19: the digits 0..9 */
	LOGIN_BACKSPACE = 20,
	LOGIN_CLEAR = 21,
	LOGIN_SUBMIT = 22,
};

#define LOGIN_KEY_W   112
#define LOGIN_KEY_H   80
#define LOGIN_KEY_GAP 10
#define LOGIN_PAD_X   424
#define LOGIN_PAD_Y   110

/* Lay out the form and the keypad. */
static void login_enter(struct ui_app *app, const void *arg)
{
	struct caller *c = caller_of(app);
	static const int pad[12] = {
	    1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0, -2}; /* -1 clear, -2 backspace */
	(void)arg;
	c->form_field = c->form_staff[0] ? LOGIN_FIELD_PIN : LOGIN_FIELD_STAFF;
	ui_app_add_button(&c->app, LOGIN_FIELD_STAFF, 24, 178, 376, 58);
	ui_app_add_button(&c->app, LOGIN_FIELD_PIN, 24, 276, 376, 58);
	ui_app_add_button(&c->app, LOGIN_SUBMIT, 24, 370, 376, 88);
	for (int i = 0; i < 12; i++) {
		int id = pad[i] >= 0    ? LOGIN_DIGIT + pad[i]
		         : pad[i] == -1 ? LOGIN_CLEAR
		                        : LOGIN_BACKSPACE;
		ui_app_add_button(
		    &c->app, id,
		    LOGIN_PAD_X + (i % 3) * (LOGIN_KEY_W + LOGIN_KEY_GAP),
		    LOGIN_PAD_Y + (i / 3) * (LOGIN_KEY_H + LOGIN_KEY_GAP),
		    LOGIN_KEY_W, LOGIN_KEY_H);
	}
}

/* The field being typed in, and its size. */
static char *login_field(struct caller *c, size_t *size)
{
	if (c->form_field == LOGIN_FIELD_PIN) {
		*size = sizeof c->form_pin;
		return c->form_pin;
	}
	*size = sizeof c->form_staff;
	return c->form_staff;
}

/* Typed characters: a staff number is letters, digits, - and _; a PIN is
 * digits. Anything else is left out. */
static void login_type(struct caller *c, const char *text)
{
	size_t size, n;
	char *f = login_field(c, &size);

	for (const char *p = text; *p; p++) {
		int ok =
		    c->form_field == LOGIN_FIELD_PIN
		        ? isdigit((unsigned char)*p)
		        : isalnum((unsigned char)*p) || *p == '-' || *p == '_';
		n = strlen(f);
		if (ok && n + 1 < size) {
			f[n] = *p;
			f[n + 1] = '\0';
		}
	}
	ui_app_changed(&c->app);
}

/* Log in with what was typed, once it looks complete. */
static void login_submit(struct caller *c)
{
	if (c->form_staff[0] == '\0' || strlen(c->form_pin) < 4) {
		c->form_field =
		    c->form_staff[0] ? LOGIN_FIELD_PIN : LOGIN_FIELD_STAFF;
		caller_note(c, NOTE_ERROR, "err_form");
		return;
	}
	if (!c->link_up) {
		caller_note_offline(c);
		return;
	}
	session_login(c, c->form_staff, c->form_pin);
	SDL_memset(c->form_pin, 0, sizeof c->form_pin);
	caller_note(c, NOTE_INFO, "note_logging_in");
}

/* A button of the form or keypad. */
static void login_press(struct caller *c, int id)
{
	size_t size;
	char *f;
	char digit[2];

	if (id == LOGIN_FIELD_STAFF || id == LOGIN_FIELD_PIN) {
		c->form_field = id;
		ui_app_changed(&c->app);
	} else if (id >= LOGIN_DIGIT && id <= LOGIN_DIGIT + 9) {
		digit[0] = (char)('0' + id - LOGIN_DIGIT);
		digit[1] = '\0';
		login_type(c, digit);
	} else if (id == LOGIN_BACKSPACE) {
		f = login_field(c, &size);
		if (f[0])
			f[strlen(f) - 1] = '\0';
		ui_app_changed(&c->app);
	} else if (id == LOGIN_CLEAR) {
		f = login_field(c, &size);
		SDL_memset(f, 0, size);
		ui_app_changed(&c->app);
	} else if (id == LOGIN_SUBMIT) {
		login_submit(c);
	} else {
		chrome_event(c, id);
	}
}

/* Touch, typing and the keys of the form. */
static int login_event(struct ui_app *app, const SDL_Event *ev)
{
	struct caller *c = caller_of(app);
	int fired;

	if (ui_app_pointer(ev)) {
		fired = ui_app_tap(&c->app, ev);
		if (fired >= 0)
			login_press(c, fired);
		return 1;
	}
	if (ev->type == SDL_TEXTINPUT) {
		login_type(c, ev->text.text);
		return 1;
	}
	if (ev->type != SDL_KEYDOWN)
		return 0;
	switch (ev->key.keysym.sym) {
	case SDLK_BACKSPACE:
		login_press(c, LOGIN_BACKSPACE);
		return 1;
	case SDLK_ESCAPE:
		login_press(c, LOGIN_CLEAR);
		return 1;
	case SDLK_TAB:
	case SDLK_UP:
	case SDLK_DOWN:
		login_press(c, c->form_field == LOGIN_FIELD_PIN
		                   ? LOGIN_FIELD_STAFF
		                   : LOGIN_FIELD_PIN);
		return 1;
	case SDLK_RETURN:
	case SDLK_KP_ENTER:
		if (c->form_field == LOGIN_FIELD_STAFF && !c->form_pin[0])
			login_press(c, LOGIN_FIELD_PIN);
		else
			login_submit(c);
		return 1;
	default:
		/* A function key here gets an answer too, never silence. */
		if (ev->key.keysym.sym >= SDLK_F1 &&
		    ev->key.keysym.sym <= SDLK_F8) {
			caller_note(c, NOTE_ERROR, "err_login_first");
			return 1;
		}
		return 0;
	}
}

/* A labelled field, with a caret when it has the focus. */
static void login_draw_field(struct caller *c, struct ui *ui, int id,
                             const char *label, const char *value)
{
	const struct ui_button *b = ui_app_button(&c->app, id);
	const SDL_Rect *r = &b->r;
	int focused = c->form_field == id;
	int w;

	ui_text(ui, label, 20, UI_REGULAR, UI_MUTED, r->x, r->y - 30, UI_LEFT);
	ui_fill_round(ui, r->x, r->y, r->w, r->h, 8, UI_PANEL);
	ui_outline(ui, r->x, r->y, r->w, r->h, focused ? 3 : 2,
	           focused ? UI_ACCENT : UI_LINE);
	w = ui_text(ui, value, 30, UI_BOLD, UI_INK, r->x + 16, r->y + r->h / 2,
	            UI_LEFT | UI_MIDDLE);
	if (focused)
		ui_fill(ui, r->x + 18 + w, r->y + 12, 3, r->h - 24, UI_INK);
}

/* Draw the login screen; the PIN shows as dots. */
static void login_draw(struct ui_app *app, struct ui *ui)
{
	struct caller *c = caller_of(app);
	char dots[3 * CALLER_PIN_MAX + 1] = "";

	for (size_t i = 0; i < strlen(c->form_pin); i++)
		strcat(dots, "●");
	ui_text(ui, ui_s(ui, "login_title"), 28, UI_BOLD, UI_INK, 24, 106,
	        UI_LEFT);
	login_draw_field(c, ui, LOGIN_FIELD_STAFF, ui_s(ui, "staff_number"),
	                 c->form_staff);
	login_draw_field(c, ui, LOGIN_FIELD_PIN, ui_s(ui, "pin"), dots);
	for (int i = 0; i < c->app.nbuttons; i++) {
		const struct ui_button *b = &c->app.buttons[i];
		char label[16];
		if (b->id == LOGIN_SUBMIT) {
			chrome_button(c, b, ui_s(ui, "login"), "Enter",
			              UI_GREEN, UI_WHITE);
		} else if (b->id >= LOGIN_DIGIT && b->id <= LOGIN_DIGIT + 9) {
			snprintf(label, sizeof label, "%d",
			         b->id - LOGIN_DIGIT);
			chrome_button(c, b, label, NULL, UI_PANEL, UI_INK);
		} else if (b->id == LOGIN_BACKSPACE) {
			chrome_button(c, b, ui_s(ui, "key_backspace"), NULL,
			              UI_LINE, UI_INK);
		} else if (b->id == LOGIN_CLEAR) {
			chrome_button(c, b, ui_s(ui, "key_clear"), NULL,
			              UI_LINE, UI_INK);
		}
	}
}

const struct screen screen_login = {"login", login_enter, login_event, NULL,
                                    login_draw};
