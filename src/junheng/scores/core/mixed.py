"""Random-intercept linear mixed model fitted from sufficient statistics (REML or ML).

Model: y = Xβ + u_school + u_class + e, with u_school ~ N(0, σ²λ_s), u_class ~ N(0, σ²λ_c) (classes nested in
schools; optional), e ~ N(0, σ²). With the variance ratios λ fixed, every quantity the likelihood needs is a
function of per-class sums of Z = [X, y] and the global Z'Z:

    B_c = I + λ_c·J (one class), w_c = 1 / (1 + n_c·λ_c), d_c = λ_c·w_c
    A_s = blockdiag(B_c) + λ_s·11ᵀ (one school),  T_s = Σ_c n_c·w_c,  e_s = λ_s / (1 + λ_s·T_s)
    Z'A⁻¹Z = Z'Z − Σ_c d_c·S_c·S_cᵀ − Σ_s e_s·Q_s·Q_sᵀ   with S_c = Z_c'1, Q_s = Σ_c w_c·S_c
    log|A| = Σ_c log(1 + n_c·λ_c) + Σ_s log(1 + λ_s·T_s)

σ² and β are profiled out; the (one- or two-dimensional) profile (restricted) likelihood over log λ is
maximised numerically. Each evaluation costs O(classes·q²), so 10⁶ students in 2,000 schools take well
under a second. BLUPs and their prediction-error variances follow in closed form (Henderson):

    û_s = e_s·Σ_c w_c·R_c,      û_c = d_c·(R_c − n_c·û_s)         (R_c = class sum of y − Xβ̂)
    Var(u_s | y) = σ²·e_s,      Var(u_s + u_c | y) = σ²·(d_c + w_c²·e_s)
    PEV = conditional variance + σ²·hᵀ(X'V*⁻¹X)⁻¹h, h_s = e_s·Q_s[X], h_s+c = d_c·S_c[X] + w_c·h_s

Checked against statsmodels MixedLM in tests/scores/test_mixed.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

_LOG_LAMBDA_BOUNDS = (-25.0, 12.0)


@dataclass(frozen=True)
class MixedFit:
    """Estimates of the random-intercept model (``classes`` fields are None without class effects)."""

    beta: np.ndarray  # fixed effects, in the columns of X given
    beta_cov: np.ndarray
    sigma2: float  # residual variance
    school_variance: float  # σ²·λ_s
    class_variance: float | None
    school_effect: np.ndarray  # BLUP per school code
    school_cond_var: np.ndarray  # Var(u_s | y), β known
    school_pev: np.ndarray  # prediction error variance including the uncertainty of β̂
    school_n: np.ndarray
    school_shrinkage: np.ndarray  # λ_s·T_s / (1 + λ_s·T_s)
    class_effect: np.ndarray | None  # BLUP of u_s + u_c per class code (the class's total effect)
    class_deviation: np.ndarray | None  # BLUP of u_c alone
    class_pev: np.ndarray | None
    class_n: np.ndarray | None
    class_shrinkage: np.ndarray | None  # n_c·λ_c / (1 + n_c·λ_c)
    loglik: float  # (restricted) log-likelihood at the optimum
    reml: bool
    converged: bool


@dataclass(frozen=True)
class _Stats:
    n: int
    p: int
    ztz: np.ndarray  # (q, q)
    class_n: np.ndarray  # (C,)
    class_sums: np.ndarray  # (C, q)
    class_school: np.ndarray  # (C,)
    n_schools: int


def _sufficient(y: np.ndarray, x: np.ndarray, school: np.ndarray, cls: np.ndarray) -> _Stats:
    z = np.column_stack([x, y])
    n_classes = int(cls.max()) + 1
    class_n = np.bincount(cls, minlength=n_classes).astype(np.float64)
    sums = np.column_stack([np.bincount(cls, weights=z[:, j], minlength=n_classes) for j in range(z.shape[1])])
    class_school = np.zeros(n_classes, dtype=np.int64)
    class_school[cls] = school
    return _Stats(
        n=int(y.shape[0]),
        p=int(x.shape[1]),
        ztz=z.T @ z,
        class_n=class_n,
        class_sums=sums,
        class_school=class_school,
        n_schools=int(school.max()) + 1,
    )


@dataclass(frozen=True)
class _Parts:
    m: np.ndarray  # Z'A⁻¹Z
    logdet: float
    w: np.ndarray
    d: np.ndarray
    e: np.ndarray
    t: np.ndarray
    q: np.ndarray  # (S, q)


def _parts(st: _Stats, lam_s: float, lam_c: float) -> _Parts:
    w = 1.0 / (1.0 + st.class_n * lam_c)
    d = lam_c * w
    m = st.ztz - st.class_sums.T @ (d[:, None] * st.class_sums)
    t = np.bincount(st.class_school, weights=st.class_n * w, minlength=st.n_schools)
    weighted = w[:, None] * st.class_sums
    q = np.column_stack(
        [np.bincount(st.class_school, weights=weighted[:, j], minlength=st.n_schools) for j in range(weighted.shape[1])]
    )
    e = lam_s / (1.0 + lam_s * t)
    m = m - q.T @ (e[:, None] * q)
    logdet = float(np.log1p(st.class_n * lam_c).sum() + np.log1p(lam_s * t).sum())
    return _Parts(m, logdet, w, d, e, t, q)


def _profile(st: _Stats, lam_s: float, lam_c: float, reml: bool) -> tuple[float, np.ndarray, float, _Parts]:
    """Profiled log-likelihood (up to its usual constant), β̂ and σ̂² for given variance ratios."""
    parts = _parts(st, lam_s, lam_c)
    p = st.p
    xvx = parts.m[:p, :p]
    xvy = parts.m[:p, p]
    beta = np.linalg.solve(xvx, xvy)
    rss = float(parts.m[p, p] - xvy @ beta)
    dof = st.n - p if reml else st.n
    sigma2 = max(rss, 1e-300) / dof
    value = dof * (np.log(2 * np.pi * sigma2) + 1.0) + parts.logdet
    if reml:
        value += np.linalg.slogdet(xvx)[1]
    return -0.5 * value, beta, sigma2, parts


def fit_random_intercepts(
    y: np.ndarray,
    x: np.ndarray,
    school: np.ndarray,
    cls: np.ndarray | None = None,
    *,
    reml: bool = True,
) -> MixedFit:
    """Fit y ~ X + (1 | school) [+ (1 | class), classes nested in schools] by REML (default) or ML.

    ``school`` and ``cls`` are integer codes 0…; every class code must belong to one school. X should contain
    an intercept column. Columns of X and y are centred internally for numerical accuracy.
    """
    y = np.asarray(y, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    school = np.asarray(school, dtype=np.int64)
    nested = cls is not None
    groups = np.asarray(cls, dtype=np.int64) if nested else school
    # centring: x_c = x − m (intercept column kept), y_c = y − ȳ; β is mapped back below
    constant = np.all(x == x[:1], axis=0)
    intercept = np.flatnonzero(constant & (x[0] != 0))
    if intercept.size:
        shift = np.where(constant, 0.0, x.mean(axis=0))
        y_mean = float(y.mean())
    else:  # without an intercept, centring would change the model
        shift, y_mean = np.zeros(x.shape[1]), 0.0
    st = _sufficient(y - y_mean, x - shift, school, groups)
    k = int(intercept[0]) if intercept.size else None
    return fit_sufficient(st, nested, reml=reml, intercept=k, scale=float(x[0, k]) if k is not None else 1.0,
                          shift=shift, y_mean=y_mean)


def sufficient_statistics(n: int, ztz: np.ndarray, class_n: np.ndarray, class_sums: np.ndarray,
                          class_school: np.ndarray, n_schools: int) -> _Stats:
    """The model's sufficient statistics computed elsewhere (e.g. by an analytics engine), centred like
    :func:`fit_random_intercepts` centres them: Z = [X − shift, y − ȳ]; ``ztz`` = Z'Z, ``class_sums`` = Z_c'1."""
    p = int(ztz.shape[0]) - 1
    return _Stats(n=int(n), p=p, ztz=np.asarray(ztz, np.float64), class_n=np.asarray(class_n, np.float64),
                  class_sums=np.asarray(class_sums, np.float64), class_school=np.asarray(class_school, np.int64),
                  n_schools=int(n_schools))


def fit_sufficient(
    st: _Stats,
    nested: bool,
    *,
    reml: bool = True,
    intercept: int | None = 0,
    scale: float = 1.0,
    shift: np.ndarray | None = None,
    y_mean: float = 0.0,
) -> MixedFit:
    """Fit the model from centred sufficient statistics (see :func:`fit_random_intercepts`).

    ``intercept`` is the column of X that is the constant ``scale`` (None without one); ``shift`` and ``y_mean``
    the centring applied, mapped back into the intercept.
    """
    shift = np.zeros(st.p) if shift is None else np.asarray(shift, np.float64)
    if nested:

        def objective(theta: np.ndarray) -> float:
            return -_profile(st, np.exp(theta[0]), np.exp(theta[1]), reml)[0]

        best = None
        for start in ((-2.0, -2.0), (0.0, -4.0), (-4.0, 0.0)):
            res = optimize.minimize(
                objective, np.array(start), method="L-BFGS-B", bounds=[_LOG_LAMBDA_BOUNDS] * 2,
                options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 500},
            )  # fmt: skip
            if best is None or res.fun < best.fun:
                best = res
        assert best is not None
        lam_s, lam_c = float(np.exp(best.x[0])), float(np.exp(best.x[1]))
        converged = bool(best.success)
    else:
        res1 = optimize.minimize_scalar(
            lambda log_lam: -_profile(st, float(np.exp(log_lam)), 0.0, reml)[0],
            bounds=_LOG_LAMBDA_BOUNDS,
            method="bounded",
            options={"xatol": 1e-10, "maxiter": 500},
        )
        lam_s, lam_c, converged = float(np.exp(res1.x)), 0.0, bool(res1.success)
    lam_s = 0.0 if lam_s < 1e-10 else lam_s
    lam_c = 0.0 if lam_c < 1e-10 else lam_c
    loglik, beta_c, sigma2, parts = _profile(st, lam_s, lam_c, reml)
    p = st.p
    xvx_inv = np.linalg.inv(parts.m[:p, :p])
    cov_c = sigma2 * xvx_inv

    # BLUPs from residual sums (centred parametrisation: residuals are the same)
    coef = np.append(-beta_c, 1.0)
    r_class = st.class_sums @ coef  # R_c
    r_school = parts.q @ coef  # Σ_c w_c R_c
    u_s = parts.e * r_school
    h_s = parts.e[:, None] * parts.q[:, :p]
    school_cond = sigma2 * parts.e
    school_pev = school_cond + sigma2 * np.einsum("si,ij,sj->s", h_s, xvx_inv, h_s)
    school_n = np.bincount(st.class_school, weights=st.class_n, minlength=st.n_schools)

    class_effect = class_dev = class_pev = class_n = class_shr = None
    if nested:
        cs = st.class_school
        u_c = parts.d * (r_class - st.class_n * u_s[cs])
        class_dev = u_c
        class_effect = u_s[cs] + u_c
        h_c = parts.d[:, None] * st.class_sums[:, :p] + parts.w[:, None] * h_s[cs]
        cond = sigma2 * (parts.d + parts.w**2 * parts.e[cs])
        class_pev = cond + sigma2 * np.einsum("ci,ij,cj->c", h_c, xvx_inv, h_c)
        class_n = st.class_n
        class_shr = st.class_n * parts.d

    # back to the original parametrisation: β_orig = A β_c with the intercept absorbing shifts and ȳ
    transform = np.eye(p)
    offset = np.zeros(p)
    if intercept is not None:
        k = intercept
        transform[k, :] -= shift / scale
        transform[k, k] = 1.0
        offset[k] = y_mean / scale
    beta = transform @ beta_c + offset
    beta_cov = transform @ cov_c @ transform.T

    return MixedFit(
        beta=beta,
        beta_cov=beta_cov,
        sigma2=sigma2,
        school_variance=sigma2 * lam_s,
        class_variance=sigma2 * lam_c if nested else None,
        school_effect=u_s,
        school_cond_var=school_cond,
        school_pev=school_pev,
        school_n=school_n,
        school_shrinkage=lam_s * parts.t / (1.0 + lam_s * parts.t),
        class_effect=class_effect,
        class_deviation=class_dev,
        class_pev=class_pev,
        class_n=class_n,
        class_shrinkage=class_shr,
        loglik=float(loglik),
        reml=reml,
        converged=converged,
    )
