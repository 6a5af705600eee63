"""pages/image_kernels.py with AppTest: presets, kernel edits, uploads (good and bad), URL round trip."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from engine.conv.kernels import KERNELS, kernel_to_text
from ui.navigation import page_for

PAGE = "pages/image_kernels.py"
KEY = page_for(PAGE).prefix  #: every widget key of the page starts with it


def _png(arr: np.ndarray, mode: str | None = None) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr, mode).save(buf, format="PNG")
    return buf.getvalue()


def _caption_texts(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_default_sharpens_the_astronaut(run_page) -> None:
    pytest.importorskip("skimage")
    at = run_page(PAGE)
    assert len(at.get("image")) == 2
    assert any("Output: 512×512" in str(i.proto) for i in at.get("image"))
    assert "= 512" in at.get("latex")[0].proto.body
    assert at.session_state[KEY + "weights"] == "0,-1,0;-1,5,-1;0,-1,0"


def test_preset_and_options_change_the_output_and_url(run_page) -> None:
    at = run_page(PAGE)
    at.selectbox(key=KEY + "preset").set_value("gaussian5").run()
    assert at.query_params["kernel"] == "gaussian5"
    assert at.session_state[KEY + "weights"].count(";") == 4  # 5x5
    at.selectbox(key=KEY + "padding").set_value("valid").run()
    at.slider(key=KEY + "stride").set_value(2).run()
    assert (
        "253.5" in at.get("latex")[0].proto.body and "= 254" in at.get("latex")[0].proto.body
    )  # (512-5)/2+1
    assert at.query_params["pad"] == "valid" and at.query_params["s"] == "2"


def test_link_opens_a_custom_kernel(run_page) -> None:
    at = run_page(PAGE, kernel="custom", w="0,0,0;0,2,0;0,0,0", show="stretch", color="gray", relu="1")
    assert at.session_state[KEY + "weights"] == "0,0,0;0,2,0;0,0,0"
    assert at.selectbox(key=KEY + "preset").value == "custom"
    assert at.toggle(key=KEY + "relu").value is True


def test_old_link_and_a_preset_alone(run_page) -> None:
    """Links written before the shared URL table still open; ``?kernel=emboss`` alone now brings emboss's
    own numbers (it used to label the default sharpen weights "Emboss")."""
    at = run_page(PAGE, img="coins", kernel="gaussian5", w=kernel_to_text(KERNELS["gaussian5"].array), s="2")
    assert not at.warning and at.session_state[KEY + "weights"].count(";") == 4
    assert at.slider(key=KEY + "stride").value == 2
    at = run_page(PAGE, kernel="emboss")
    assert at.session_state[KEY + "weights"] == kernel_to_text(KERNELS["emboss"].array)
    assert dict(at.query_params) == {"kernel": "emboss"}  # the preset's own numbers need not travel


def test_bad_weights_in_a_link_are_reported(run_page) -> None:
    at = run_page(PAGE, kernel="custom", w="1,2;3", relu="true")
    assert any("square" in w.value for w in at.warning)
    assert at.session_state[KEY + "weights"] == "0,-1,0;-1,5,-1;0,-1,0" and at.toggle(key=KEY + "relu").value


def test_kernel_size_grows_and_crops_around_the_centre(run_page) -> None:
    at = run_page(PAGE)
    at.button_group(key=KEY + "ksize").set_value(5).run()
    assert at.session_state[KEY + "weights"] == "0,0,0,0,0;0,0,-1,0,0;0,-1,5,-1,0;0,0,-1,0,0;0,0,0,0,0"
    assert at.selectbox(key=KEY + "preset").value == "custom"
    at.button_group(key=KEY + "ksize").set_value(1).run()
    assert at.session_state[KEY + "weights"] == "5"


def test_editor_helpers() -> None:
    from engine.conv.kernels import KERNELS
    from ui.conv.kernel_editor import matching_preset, resized

    assert matching_preset(KERNELS["emboss"].array) == "emboss"
    assert matching_preset(np.ones((3, 3))) == "custom"
    np.testing.assert_array_equal(resized(resized(KERNELS["sharpen"].array, 7), 3), KERNELS["sharpen"].array)


def test_try_buttons(run_page) -> None:
    pytest.importorskip("skimage")
    at = run_page(PAGE)
    at.button(key=KEY + "preset_2").click().run()  # edges in signed colours
    assert at.query_params["kernel"] == "edges_all" and at.query_params["show"] == "signed"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not an image", "not an image"),
        (_png(np.zeros((1, 1, 3), dtype=np.uint8)), "1x1"),
        (_png(np.zeros((7000, 7000), dtype=bool)), "huge"),
    ],
)
def test_bad_uploads_show_an_error(run_page, data: bytes, message: str) -> None:
    at = run_page(PAGE, img="upload")
    assert any("Upload an image" in i.value for i in at.info)
    at.get("file_uploader")  # present
    _upload(at, data)
    assert not at.exception
    assert any(message in e.value for e in at.error)


def test_16bit_upload_is_converted_with_a_note(run_page) -> None:
    at = run_page(PAGE, img="upload")
    _upload(at, _png(np.arange(40 * 60, dtype=np.uint16).reshape(40, 60) * 20))
    assert not at.error
    assert any("16-bit" in i.value for i in at.info)


def test_rgba_upload_is_converted_with_a_note(run_page) -> None:
    rgba = np.zeros((40, 60, 4), dtype=np.uint8)
    rgba[..., 3] = 128
    at = run_page(PAGE, img="upload")
    _upload(at, _png(rgba, "RGBA"))
    assert not at.error
    assert any("transparency" in i.value for i in at.info)
    assert any("Output: 60×40" in str(i.proto) for i in at.get("image"))


def _upload(at: AppTest, data: bytes) -> None:
    """Upload ``data`` through the page's file uploader and rerun."""
    at.file_uploader(key=KEY + "upload").set_value(("upload.png", data, "image/png")).run()


def test_filter_bank_tab_shows_six_feature_maps(run_page) -> None:
    at = run_page(PAGE)
    assert len(at.get("image")) == 2  # the bank is only computed while its tab is open
    at.session_state[KEY + "tab"] = "A filter bank (feature maps)"
    at.run()
    assert len(at.get("image")) == 8
    assert any("Sobel left → ReLU" in c.value for c in at.caption)


def test_the_filter_bank_names_the_layer_it_would_be(run_page) -> None:
    """Six filters, the widest 5x5: a Conv2D(6, 5) layer (not 'Conv2D(6, 3)'), the 3x3 ones padded."""
    from ui.conv.kernel_view import BANK

    BANK_TAB = "A filter bank (feature maps)"  # pages/image_kernels.py

    widest = max(KERNELS[name].array.shape[0] for name in BANK)
    at = run_page(PAGE)
    at.session_state[KEY + "tab"] = BANK_TAB  # the tab is computed only while open
    at.run()
    text = " ".join(_caption_texts(at))
    assert f"Conv2D({len(BANK)}, {widest})" in text and widest == 5
    assert "zero-padded in 5×5 windows" in text
