"""Home: what ML Playground is, and a link to every topic page. Imports no TensorFlow."""

import streamlit as st

from ui.navigation import TOPICS

st.title("ML Playground")
st.markdown(
    "A visual, hands-on companion to an introductory machine-learning and deep-learning "
    "course. Every page is one topic: change a setting and **watch the model respond "
    "live**: the learning rate, the layers, the activation, the optimizer, the data."
)

st.subheader("Topics")
sections: dict[str, list] = {}
for topic in TOPICS:
    sections.setdefault(topic.section, []).append(topic)
COLUMNS = 3
for section, topics in sections.items():
    st.markdown(f"#### {section}")
    for start in range(0, len(topics), COLUMNS):
        for col, topic in zip(st.columns(COLUMNS), topics[start : start + COLUMNS], strict=False):
            with col.container(border=True, height="stretch"):
                st.page_link(topic.path, label=topic.title, icon=topic.icon)
                st.caption(topic.blurb)

left, right = st.columns(2)
with left:
    st.subheader("How to use it")
    st.markdown(
        "- Press **Play** and watch; **Pause** to inspect; **Step** moves one epoch.\n"
        "- **What to try**, right above a chart, holds one-click experiments that change it; the "
        "tabs below hold the **formulas** of what is on screen with the live numbers and the "
        "equivalent **Keras/numpy code** to copy.\n"
        "- Everything runs on this server with bundled or generated data: no internet needed.\n"
        "- Following the slides? The **Course map** lists each deck's topics in order, each "
        "linked to the page and experiment that teaches it."
    )
with right:
    st.subheader("For instructors")
    st.markdown(
        "- The address bar always holds the page's whole configuration: copy it and a "
        "student's link opens **exactly** the same experiment (same data, same seed, same "
        "initial weights). The **Copy link** button at the top right of every page copies it.\n"
        "- Use your browser's zoom (Ctrl +) for a projector; the live views scale with it."
    )
