"""ILSVRC image-classification winners, top-5 error by year (2010-2017), with a source per row.

Typed from the published results: the challenge's result pages (image-net.org/challenges/LSVRC/
<year>/results), the challenge paper (Russakovsky et al., "ImageNet Large Scale Visual
Recognition Challenge", IJCV 115, 2015, Table 6/Fig. 9 for 2010-2014) and each winner's paper.
The figures are the test-set top-5 error of the winning classification entry.
"""

from __future__ import annotations

from dataclasses import dataclass

CHALLENGE_PAPER = "Russakovsky et al., ImageNet Large Scale Visual Recognition Challenge, IJCV 115 (2015)"


@dataclass(frozen=True)
class Winner:
    year: int
    team: str
    model: str
    top5_error: float  # percent
    source: str
    url: str
    note: str = ""


ILSVRC: tuple[Winner, ...] = (
    Winner(
        2010,
        "NEC-UIUC",
        "SIFT/LBP features, sparse coding, linear SVMs",
        28.2,
        f"Lin et al., CVPR 2011; {CHALLENGE_PAPER}",
        "https://image-net.org/challenges/LSVRC/2010/results",
    ),
    Winner(
        2011,
        "XRCE",
        "Fisher vectors + linear SVMs",
        25.8,
        f"Sánchez & Perronnin, CVPR 2011; {CHALLENGE_PAPER}",
        "https://image-net.org/challenges/LSVRC/2011/results",
    ),
    Winner(
        2012,
        "SuperVision",
        "AlexNet (CNN, 8 layers)",
        15.3,
        "Krizhevsky, Sutskever, Hinton, NIPS 2012 (16.4 % without extra training data)",
        "https://image-net.org/challenges/LSVRC/2012/results",
        "16.4 % for the 5-CNN ensemble trained on ILSVRC data only",
    ),
    Winner(
        2013,
        "Clarifai",
        "ZFNet (AlexNet, retuned by visualising it)",
        11.7,
        "Zeiler & Fergus, ECCV 2014",
        "https://image-net.org/challenges/LSVRC/2013/results",
    ),
    Winner(
        2014,
        "GoogLeNet",
        "Inception v1 (22 layers); VGG 2nd with 7.3 %",
        6.7,
        "Szegedy et al., CVPR 2015; Simonyan & Zisserman, ICLR 2015",
        "https://image-net.org/challenges/LSVRC/2014/results",
    ),
    Winner(
        2015,
        "MSRA",
        "ResNet (152 layers)",
        3.57,
        "He et al., CVPR 2016",
        "https://image-net.org/challenges/LSVRC/2015/results",
    ),
    Winner(
        2016,
        "Trimps-Soushen",
        "ensemble of Inception / ResNet / Inception-ResNet models",
        2.99,
        "ILSVRC 2016 results",
        "https://image-net.org/challenges/LSVRC/2016/results",
    ),
    Winner(
        2017,
        "WMW (Momenta)",
        "SENet (squeeze-and-excitation)",
        2.25,
        "Hu, Shen, Sun, CVPR 2018",
        "https://image-net.org/challenges/LSVRC/2017/results",
    ),
)

#: One trained human annotator on 1,500 test images (Karpathy's experiment).
HUMAN_TOP5_ERROR = 5.1
HUMAN_SOURCE = (
    f"A. Karpathy, 'What I learned from competing against a ConvNet on ImageNet' (2014); {CHALLENGE_PAPER}"
)
HUMAN_URL = (
    "https://karpathy.github.io/2014/09/02/what-i-learned-from-competing-against-a-convnet-on-imagenet/"
)


def first_below_human() -> Winner:
    """The first winner whose top-5 error is below the human annotator's."""
    return next(w for w in ILSVRC if w.top5_error < HUMAN_TOP5_ERROR)
