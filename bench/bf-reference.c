/*
 * The reference Brainfuck interpreter of the benchmarks: what examples/bf/bf.ts does, written
 * plainly in C, so that the translated bf.ts has an honest target to be measured against
 * (issue 6 asks for at most 1.5 times this one's time on mandel.b, without the JIT).
 *
 *   gcc -O2 -o bf-reference bench/bf-reference.c && ./bf-reference program.b
 *
 * It does the same work as bf.ts and no more: the program is reduced to its eight commands and
 * a bracket table, then interpreted one command at a time (no run-length folding, no loop
 * idioms), since a cleverer reference would measure the algorithm instead of the translation.
 * Behaviour matches bf.ts byte for byte: 8-bit wrapping cells, a 30000-cell tape that grows in
 * both directions, `,` leaving the cell unchanged at end of input, and the same messages and
 * exit statuses for a bad command line, an unreadable file and an unmatched bracket.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Output goes through one buffer written with write(2): bf programs print a byte at a time. */
static unsigned char out_buf[1 << 16];
static size_t out_len;

static void flush_output(void) {
  size_t done = 0;
  while (done < out_len) {
    ssize_t n = write(1, out_buf + done, out_len - done);
    if (n <= 0) break;
    done += (size_t)n;
  }
  out_len = 0;
}

static void write_byte(unsigned char byte) {
  if (out_len == sizeof out_buf) flush_output();
  out_buf[out_len++] = byte;
}

static void *checked_alloc(size_t size) {
  void *p = calloc(size, 1);
  if (p == NULL) {
    flush_output();
    fputs("bf: out of memory\n", stderr);
    exit(1);
  }
  return p;
}

/* The whole file, or NULL when it cannot be read. */
static unsigned char *read_file(const char *name, size_t *size) {
  FILE *f = fopen(name, "rb");
  if (f == NULL) return NULL;
  size_t cap = 1 << 16, len = 0;
  unsigned char *data = malloc(cap);
  for (;;) {
    if (data == NULL) break;
    len += fread(data + len, 1, cap - len, f);
    if (len < cap) break;
    cap *= 2;
    data = realloc(data, cap);
  }
  int failed = ferror(f);
  fclose(f);
  if (failed || data == NULL) {
    free(data);
    return NULL;
  }
  *size = len;
  return data;
}

/* bf.ts's growRight: doubled until index fits, the cells kept at the start. */
static unsigned char *grow_right(unsigned char *tape, size_t *length, size_t index) {
  size_t size = *length * 2;
  while (size <= index) size *= 2;
  unsigned char *grown = checked_alloc(size);
  memcpy(grown, tape, *length);
  free(tape);
  *length = size;
  return grown;
}

/* bf.ts's growLeft: doubled, the cells moved to the right half. */
static unsigned char *grow_left(unsigned char *tape, size_t *length) {
  unsigned char *grown = checked_alloc(*length * 2);
  memcpy(grown + *length, tape, *length);
  free(tape);
  *length *= 2;
  return grown;
}

static void run(const unsigned char *code, size_t code_len, const size_t *brackets) {
  size_t length = 30000;
  unsigned char *tape = checked_alloc(length);
  size_t ptr = 0;
  for (size_t pc = 0; pc < code_len; pc++) {
    switch (code[pc]) {
      case '>':
        if (++ptr >= length) tape = grow_right(tape, &length, ptr);
        break;
      case '<':
        if (ptr == 0) {
          ptr = length;
          tape = grow_left(tape, &length);
        }
        ptr--;
        break;
      case '+': tape[ptr]++; break;
      case '-': tape[ptr]--; break;
      case '.': write_byte(tape[ptr]); break;
      case ',': {
        /* Flushed first so that an interactive program shows its prompt. */
        flush_output();
        int byte = getchar();
        if (byte != EOF) tape[ptr] = (unsigned char)byte;
        break;
      }
      case '[':
        if (tape[ptr] == 0) pc = brackets[pc];
        break;
      case ']':
        if (tape[ptr] != 0) pc = brackets[pc];
        break;
    }
  }
  free(tape);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fputs("usage: bf program.b\n", stderr);
    return 2;
  }
  size_t size;
  unsigned char *source = read_file(argv[1], &size);
  if (source == NULL) {
    fprintf(stderr, "bf: cannot read %s\n", argv[1]);
    return 1;
  }
  /* The commands, and for each the source line that bf.ts names in its errors. */
  unsigned char *code = checked_alloc(size + 1);
  size_t *lines = checked_alloc((size + 1) * sizeof *lines);
  size_t code_len = 0, line = 1;
  for (size_t i = 0; i < size; i++) {
    unsigned char c = source[i];
    if (c == '\n') line++;
    if (c != 0 && strchr("<>+-.,[]", c) != NULL) {
      code[code_len] = c;
      lines[code_len++] = line;
    }
  }
  free(source);
  size_t *brackets = checked_alloc((code_len + 1) * sizeof *brackets);
  size_t *open = checked_alloc((code_len + 1) * sizeof *open);
  size_t depth = 0;
  for (size_t pc = 0; pc < code_len; pc++) {
    if (code[pc] == '[') {
      open[depth++] = pc;
    } else if (code[pc] == ']') {
      if (depth == 0) {
        fprintf(stderr, "bf: %s: unmatched ']' on line %zu\n", argv[1], lines[pc]);
        return 1;
      }
      size_t start = open[--depth];
      brackets[start] = pc;
      brackets[pc] = start;
    }
  }
  if (depth > 0) {
    fprintf(stderr, "bf: %s: unmatched '[' on line %zu\n", argv[1], lines[open[depth - 1]]);
    return 1;
  }
  free(open);
  free(lines);
  run(code, code_len, brackets);
  flush_output();
  return 0;
}
