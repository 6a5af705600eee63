"""From notebook to app (slides 003): train the admissions classifier without leaking the test split
into the scaler, save model and scaler with skops, load them back (validated) and serve one applicant."""

from __future__ import annotations

import streamlit as st

from engine.workflow.serving import (
    PRESETS,
    Leak,
    ServingConfig,
    ServingError,
    compare,
    same_predictions,
    serve,
)
from engine.workflow.serving_code import app_code, notebook_code
from engine.workflow.serving_io import FILE_NAMES, dump
from ui.page_kit import share_tab, what_to_try
from ui.url_state import PageState
from ui.workflow.serving_view import (
    config_caption,
    leak_rows,
    leak_sentence,
    served_answer,
    students_figure,
    upload_slot,
)

STATE = PageState(__file__, ServingConfig)
SOURCES = {"trained": "the model trained above", "uploaded": "the two uploaded files"}


@st.cache_data(max_entries=64, show_spinner=False)
def fitted(cfg: ServingConfig) -> Leak:
    return compare(cfg)


@st.cache_data(max_entries=16, show_spinner=False)
def saved_files(cfg: ServingConfig) -> tuple[bytes, bytes]:
    honest = fitted(cfg).honest
    return dump(honest.model), dump(honest.scaler)


st.title("From notebook to app")
STATE.open()
with st.sidebar:
    st.header("The notebook")
    for name in ("seed", "n", "test_pct", "scaler", "C", "typo"):
        STATE.widget(name)
cfg = STATE.config()
STATE.remember(cfg)

try:
    leak = fitted(cfg)
except ServingError as err:
    st.error(str(err), icon=":material/block:")
    st.stop()
st.caption(config_caption(cfg, leak))
st.markdown(
    "A notebook trains a model; an app must answer new applicants without retraining. It needs the model "
    "**and** the scaler (the numbers that turned exam scores into x′), saved, loaded back safely, and fitted "
    "without ever peeking at the test split."
)
what_to_try(  # above the chart of section 1, which shows the applicant too
    STATE, PRESETS, "a typo that leaks, applicants at the edge, another scaler, regularization"
)

train_box, save_box, load_box, serve_box = st.container(), st.container(), st.container(), st.container()

# ---- 3. load (first: what it accepts decides what is served) -------------------------------------
with load_box:
    st.subheader("3 · Load them back: upload, validated")
    st.markdown(
        "Only skops files are read, and only after their size, format, class and every type inside are "
        "checked; a pickle is refused unopened."
    )
    model_col, scaler_col = st.columns(2)
    up_model = upload_slot(STATE, "model", model_col)
    up_scaler = upload_slot(STATE, "scaler", scaler_col)
    uploaded = (up_scaler.obj, up_model.obj) if up_model and up_scaler else None
    if uploaded is not None:
        trained = (leak.honest.scaler, leak.honest.model)
        gap = same_predictions(uploaded, trained, leak.split.x_test)
        n_test = len(leak.split.y_test)
        if gap == 0.0:
            st.info(
                f"On the {n_test} test students the uploaded pair predicts exactly what the trained one does."
            )
        else:
            st.info(
                f"The uploaded pair is another model: on the {n_test} test students its P(admitted) differs "
                f"from the trained one's by up to {gap:.4f}."
            )

# ---- 4. serve ------------------------------------------------------------------------------------
with serve_box:
    st.subheader("4 · The app: predict for a new applicant")
    source = st.radio(
        "Serve with", list(SOURCES), format_func=SOURCES.get, horizontal=True, key=STATE.key("source")
    )
    if source == "uploaded" and uploaded is None:
        st.info("Upload both files in section 3 to serve them; meanwhile the trained model answers.")
        source = "trained"
    scaler, model = uploaded if source == "uploaded" and uploaded else (leak.honest.scaler, leak.honest.model)
    with st.form(STATE.key("form")):
        st.markdown("**Admissions app**: enter the applicant's two exam scores (0 – 100).")
        c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
        STATE.widget("exam1", c1)
        STATE.widget("exam2", c2)
        c3.form_submit_button("Predict", type="primary", width="stretch")
    served = serve(scaler, model, cfg.exam1, cfg.exam2)
    served_answer(served, SOURCES[source])

# ---- 1. train ------------------------------------------------------------------------------------
with train_box:
    st.subheader("1 · Train: the scaler is fitted on the training split only")
    st.plotly_chart(students_figure(leak, served), key=STATE.key("chart"))
    left, right = st.columns([1, 1])
    rows = leak_rows(leak)
    left.table(
        {
            "the same split": list(rows),
            "scaler fitted on the training split": [v[0] for v in rows.values()],
            "scaler fitted on all students (leak)": [v[1] for v in rows.values()],
        }
    )
    right.markdown(leak_sentence(leak))

# ---- 2. save -------------------------------------------------------------------------------------
with save_box:
    st.subheader("2 · Save the model and the scaler")
    model_bytes, scaler_bytes = saved_files(cfg)
    st.markdown(
        "The slides save with `joblib.dump`, which writes a **pickle**; this page writes **skops** files "
        "(`skops.io.dump`): a zip of JSON and arrays that can be loaded without running any code from it."
    )
    d1, d2 = st.columns(2)
    for col, slot, data in ((d1, "model", model_bytes), (d2, "scaler", scaler_bytes)):
        col.download_button(
            f"Download {FILE_NAMES[slot]} ({len(data) / 1000:.1f} kB)",
            data=data,
            file_name=FILE_NAMES[slot],
            mime="application/octet-stream",
            on_click="ignore",
            icon=":material/download:",
            key=STATE.key(f"download_{slot}"),
            width="stretch",
        )

code_tab, how_tab, link_tab = st.tabs(["Code: notebook and app", "How it works", "Share"])
with code_tab:
    st.markdown("**The notebook**: train, check the leak, save both files.")
    st.code(notebook_code(cfg), language="python")
    st.markdown("**The app**: load both files (types checked) and answer one applicant.")
    st.code(app_code(cfg), language="python")
with how_tab:
    st.markdown(
        "- **Fit the scaler on the training split only.** The test split stands for applicants nobody has "
        "seen; whatever is fitted (scaler included) must not see it either. `scaler.fit(X_train)`, then "
        "`scaler.transform(X_test)`: the test rows are transformed with the training numbers.\n"
        "- **Ship the scaler with the model.** The weights were learned on x′, not on raw scores: an app "
        "that skips the transform, or refits it on the new applicant, feeds the model numbers it never saw.\n"
        "- **Never unpickle what a user sends.** A pickle is a small program: loading it may call any "
        "function. skops stores data only and refuses types it does not trust unless you list them in "
        "`trusted=`; list only the classes you expect, never what `get_untrusted_types()` reports.\n"
        "- **Validate before serving**: file size, format, class, number of inputs, classes 0/1, finite "
        "weights. A Keras model would be saved as `model.save('admission.keras')` and read with "
        "`keras.saving.load_model` (the `.keras` format holds no code unless you allow it)."
    )
with link_tab:
    share_tab(
        STATE,
        cfg,
        "This link opens the same students, split, scaler, regularization and applicant. Uploaded files "
        "are not part of the link.",
    )
