"""The SVM page's settings (one declared URL table) and its "What to try" presets."""

from __future__ import annotations

import dataclasses

from engine.playground import datasets
from engine.presets import Preset
from engine.urlstate import UrlConfig, setting

__all__ = ["C_VALUES", "DATASETS", "GAMMAS", "KERNELS", "LIFTS", "SVM_PRESETS", "SvmConfig"]

#: The playground's two-class sets (a binary SVM draws one margin).
DATASETS: dict[str, str] = {
    name: datasets.DATASET_LABELS[name] for name in ("circle", "xor", "gauss", "moons", "spiral")
}
KERNELS: dict[str, str] = {"linear": "linear", "poly": "polynomial", "rbf": "RBF (Gaussian)"}
LIFTS: dict[str, str] = {"radius": "x₁² + x₂² (circles)", "product": "x₁·x₂ (XOR)"}
C_VALUES: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
GAMMAS: tuple[float, ...] = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
#: The two points of the kernel formula live in the data's square.
POINT_LIMIT = 6.0


def _point(default: float, key: str, label: str) -> float:
    return setting(
        default,
        key=key,
        low=-POINT_LIMIT,
        high=POINT_LIMIT,
        step=0.5,
        widget="number",
        label=label,
        describe=f"the kernel point's {label}",
    )


@dataclasses.dataclass(frozen=True)
class SvmConfig(UrlConfig):
    """One SVM experiment: the data, the kernel and its parameters, the 3-D lift and two kernel points."""

    dataset: str = setting("circle", key="data", choices=DATASETS, label="Data set", describe="data set")
    n_points: int = setting(
        200, key="n", low=20, high=1000, step=10, label="Points", describe="the number of points"
    )
    noise: int = setting(
        0, low=0, high=50, step=5, label="Noise (%)", help="As in the playground.", describe="the noise (%)"
    )
    val_percent: int = setting(
        30,
        key="val",
        low=10,
        high=50,
        step=5,
        label="Validation share (%)",
        help="Points held out of the fit; the validation accuracy is measured on them.",
        describe="the validation share (%)",
    )
    seed: int = setting(
        1, low=0, high=2**31 - 1, widget="number", label="Data seed", describe="the data seed"
    )
    kernel: str = setting("rbf", choices=KERNELS, widget="radio", label="Kernel", describe="kernel")
    C: float = setting(
        1.0,
        key="C",
        choices=C_VALUES,
        grid=True,
        label="C (penalty for margin violations)",
        help="Small C: a wide, soft margin that tolerates mistakes. Large C: every training point counts.",
        describe="C",
    )
    gamma: float = setting(
        0.1,
        choices=GAMMAS,
        grid=True,
        label="γ (kernel width: large γ = short reach)",
        help="RBF: how fast a point's influence fades with distance; polynomial: the scale of x·z.",
        describe="gamma",
    )
    degree: int = setting(3, key="deg", low=2, high=5, label="Degree", describe="the polynomial degree")
    coef0: float = setting(
        1.0, key="r", low=0.0, high=5.0, step=0.5, label="r (coef0)", describe="the polynomial's constant r"
    )
    show_val: bool = setting(True, key="showval", label="Show validation points")
    lift: str = setting("radius", choices=LIFTS, widget="radio", label="Third feature", describe="the lift")
    ax: float = _point(1.0, "ax", "x₁ of a")
    ay: float = _point(2.0, "ay", "x₂ of a")
    bx: float = _point(2.0, "bx", "x₁ of b")
    by: float = _point(0.5, "by", "x₂ of b")

    def data_key(self) -> tuple:
        """What defines the points and the split."""
        return (self.dataset, self.n_points, self.noise, self.val_percent, self.seed)

    def model_key(self) -> tuple:
        """What defines the fitted SVM (the unused parameters of a kernel are left out)."""
        gamma = self.gamma if self.kernel != "linear" else None
        poly = (self.degree, self.coef0) if self.kernel == "poly" else None
        return (*self.data_key(), self.kernel, self.C, gamma, poly)


SVM_PRESETS: tuple[Preset, ...] = (
    Preset(
        "A line cannot do circles",
        "Linear kernel on the circle: no straight line puts the disc on one side and the ring on "
        "the other, so train and validation accuracy both stay low: **underfitting**.",
        {"dataset": "circle", "kernel": "linear", "C": 1.0},
    ),
    Preset(
        "RBF: the kernel trick",
        "The same circle with the RBF kernel: the boundary bends round the disc and runs through the "
        "empty gap between disc and ring. Only the circled points near it, under a quarter of the "
        "training points, are support vectors: move any other point (outside the margin) and nothing changes.",
        {"dataset": "circle", "kernel": "rbf", "C": 1.0, "gamma": 0.1},
    ),
    Preset(
        "XOR: degree 2 and the x₁·x₂ lift",
        "A degree-2 polynomial kernel contains the product x₁·x₂, the feature that separates XOR: "
        "see the 3-D tab, where the plane z = 0 cuts the lifted points cleanly.",
        {"dataset": "xor", "kernel": "poly", "degree": 2, "coef0": 0.0, "gamma": 0.1, "lift": "product"},
    ),
    Preset(
        "Huge γ: overfitting",
        "γ = 10 on overlapping Gaussians: each point's influence reaches only a small neighbourhood, so "
        "the boundary draws islands round single points inside the other class. Training accuracy is "
        "100 % and validation falls. Step γ down to 0.3 and the validation accuracy comes back.",
        {"dataset": "gauss", "noise": 40, "kernel": "rbf", "gamma": 10.0, "C": 1.0},
    ),
    Preset(
        "Small C: a soft margin",
        "C = 0.01 on overlapping Gaussians: margin violations are cheap, so the margin is wide and "
        "every point inside it is a support vector. Raise C to 100 and watch the margin narrow and "
        "the circled points thin out to a handful.",
        {"dataset": "gauss", "noise": 20, "kernel": "linear", "C": 0.01},
    ),
    Preset(
        "Spiral: RBF with more reach",
        "The spiral needs a flexible boundary: RBF with γ = 1 and C = 100 follows both arms.",
        {"dataset": "spiral", "n_points": 300, "kernel": "rbf", "gamma": 1.0, "C": 100.0},
    ),
)
