"""Teacher transfers in the plan MILP, in two exact formulations.

- Pools (the default, for township scopes): each donor sends teachers of a type into its township's supply
  pool, pools pass them to their own or a neighbouring township's demand pool, receivers draw from their
  township's demand pool. Every such flow decomposes into donor → receiver transfers allowed by the policy
  (one township hop at most), so it is the same set of plans as listing every pair, with far fewer variables
  and no symmetric copies — what makes 200 schools solve in seconds.
- Pairs (when a distance limit is set): one variable per allowed (donor, receiver, type).

Types are (above_required, backbone, pe_arts) flags; a transfer moves every flagged count by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

TYPE_COLUMNS = {"above_required": "teachers_above_required", "backbone": "backbone_teachers",
                "pe_arts": "pe_arts_teachers"}
FLAGS = list(TYPE_COLUMNS)


@dataclass
class TransferBlock:
    """Variables (relative indices 0..n_vars-1), their effects on section columns, and linking rows."""

    n_vars: int = 0
    cost: np.ndarray = field(default_factory=lambda: np.zeros(0))
    upper: np.ndarray = field(default_factory=lambda: np.zeros(0))
    effects: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)  # col,row,var,coef
    rows: sp.csr_matrix | None = None
    row_lower: np.ndarray = field(default_factory=lambda: np.zeros(0))
    row_upper: np.ndarray = field(default_factory=lambda: np.zeros(0))
    donor_vars: pd.DataFrame = field(default_factory=pd.DataFrame)  # var, section, flags, count (outflows)
    kind: str = "none"
    meta: dict = field(default_factory=dict)


def usable_types(sections: pd.DataFrame, types: pd.DataFrame) -> pd.DataFrame:
    """Teacher types per section position (only types that count in some indicator)."""
    key = sections[["school_id", "stage"]].astype(str).reset_index(drop=True).reset_index(names="pos")
    t = types.astype({"school_id": str, "stage": str}).merge(key, on=["school_id", "stage"])
    t = t[(t["count"] > 0) & t[FLAGS].astype(bool).any(axis=1)]
    return t[["pos", *FLAGS, "count"]].astype({f: bool for f in FLAGS}).reset_index(drop=True)


def _effects(block: TransferBlock, sections_pos: np.ndarray, var: np.ndarray, flags: pd.DataFrame, sign: float):
    for flag, col in TYPE_COLUMNS.items():
        f = flags[flag].to_numpy(dtype=bool)
        if f.any():
            block.effects.append((col, sections_pos[f], var[f], np.full(int(f.sum()), sign)))


def pair_block(types: pd.DataFrame, pairs: np.ndarray, unit_cost: float) -> TransferBlock:
    """One integer variable per allowed (donor, receiver, type)."""
    arcs = pd.DataFrame({"donor": pairs[:, 0], "receiver": pairs[:, 1]})
    tr = arcs.merge(types.rename(columns={"pos": "donor"}), on="donor").reset_index(drop=True)
    m = len(tr)
    b = TransferBlock(n_vars=m, cost=np.full(m, unit_cost), upper=tr["count"].to_numpy(dtype=float), kind="pairs")
    var = np.arange(m)
    _effects(b, tr["receiver"].to_numpy(), var, tr, +1.0)
    _effects(b, tr["donor"].to_numpy(), var, tr, -1.0)
    grp = tr.groupby(["donor", *FLAGS]).ngroup().to_numpy() if m else np.zeros(0, int)
    cap = tr.groupby(grp)["count"].first().to_numpy(dtype=float) if m else np.zeros(0)
    b.rows = sp.csr_matrix((np.ones(m), (grp, var)), shape=(len(cap), m))
    b.row_lower, b.row_upper = np.full(len(cap), -np.inf), cap
    b.donor_vars = tr.assign(var=var, section=tr["donor"])
    b.meta["arcs"] = tr.assign(var=var)
    return b


def pool_block(sections: pd.DataFrame, types: pd.DataFrame, adjacency: dict[str, set[str]],
               unit_cost: float) -> TransferBlock:
    """Out (donor) and in (receiver) variables per section and type, linked through township pools."""
    town = sections["township_code"].to_numpy(dtype=object)
    stage = sections["stage"].astype(str).to_numpy()
    known = np.array([not pd.isna(t) for t in town])
    kinds = types[FLAGS].drop_duplicates().reset_index(drop=True)
    outs = types[known[types["pos"].to_numpy()]].reset_index(drop=True)
    outs["var"] = np.arange(len(outs))
    nv = len(outs)
    ins = []
    for kk in kinds.itertuples(index=False):
        stages_with = {stage[p] for p in outs.loc[(outs[FLAGS] == list(kk)).all(axis=1), "pos"]}
        pos = np.flatnonzero(known & np.isin(stage, list(stages_with)))
        ins.append(pd.DataFrame({"pos": pos, **{f: v for f, v in zip(FLAGS, kk, strict=True)}}))
    ins = pd.concat(ins, ignore_index=True) if ins else pd.DataFrame(columns=["pos", *FLAGS])
    ins["var"] = nv + np.arange(len(ins))
    nv += len(ins)
    # flows between (stage, type, from-town, to-town) pools
    outs["town"], outs["stage"] = town[outs["pos"]], stage[outs["pos"]]
    ins["town"], ins["stage"] = town[ins["pos"].to_numpy(dtype=int)], stage[ins["pos"].to_numpy(dtype=int)]
    keys = outs[["stage", *FLAGS]].drop_duplicates().itertuples(index=False)
    flows = []
    for key in keys:
        towns_from = set(outs.loc[(outs[["stage", *FLAGS]] == list(key)).all(axis=1), "town"])
        towns_to = set(ins.loc[(ins[["stage", *FLAGS]] == list(key)).all(axis=1), "town"])
        for a in towns_from:
            for b2 in ({a} | adjacency.get(a, set())) & towns_to:
                flows.append((*key, a, b2))
    flows = pd.DataFrame(flows, columns=["stage", *FLAGS, "src", "dst"])
    flows["var"] = nv + np.arange(len(flows))
    nv += len(flows)
    # conservation: supply pool (stage, type, town) and demand pool (stage, type, town)
    rows, cols, vals = [], [], []
    r = 0
    for (st_, *flag_vals, t_), grp in outs.groupby(["stage", *FLAGS, "town"]):
        f = flows[(flows["stage"] == st_) & (flows["src"] == t_) & (flows[FLAGS] == flag_vals).all(axis=1)]
        rows += [r] * (len(grp) + len(f))
        cols += [*grp["var"], *f["var"]]
        vals += [1.0] * len(grp) + [-1.0] * len(f)
        r += 1
    for (st_, *flag_vals, t_), grp in ins.groupby(["stage", *FLAGS, "town"]):
        f = flows[(flows["stage"] == st_) & (flows["dst"] == t_) & (flows[FLAGS] == flag_vals).all(axis=1)]
        rows += [r] * (len(grp) + len(f))
        cols += [*grp["var"], *f["var"]]
        vals += [1.0] * len(grp) + [-1.0] * len(f)
        r += 1
    blk = TransferBlock(n_vars=nv, kind="pools")
    blk.cost = np.concatenate([np.zeros(len(outs)), np.full(len(ins), unit_cost), np.zeros(len(flows))])
    blk.upper = np.concatenate([outs["count"].to_numpy(dtype=float), np.full(len(ins), np.inf),
                                np.full(len(flows), np.inf)])
    _effects(blk, outs["pos"].to_numpy(), outs["var"].to_numpy(), outs, -1.0)
    _effects(blk, ins["pos"].to_numpy(dtype=int), ins["var"].to_numpy(), ins, +1.0)
    blk.rows = sp.csr_matrix((vals, (rows, cols)), shape=(r, nv))
    blk.row_lower, blk.row_upper = np.zeros(r), np.zeros(r)
    blk.donor_vars = outs.assign(section=outs["pos"])
    blk.meta.update(outs=outs, ins=ins, flows=flows)
    return blk


def decode(block: TransferBlock, v: np.ndarray) -> list[tuple[int, int, tuple[bool, bool, bool], int]]:
    """(donor position, receiver position, flags, teachers) of a solution (v: this block's variables)."""
    x = np.round(v).astype(int)
    out = []
    if block.kind == "pairs":
        arcs = block.meta["arcs"]
        for a in arcs[x[arcs["var"].to_numpy()] > 0].itertuples():
            out.append((int(a.donor), int(a.receiver), (a.above_required, a.backbone, a.pe_arts), int(x[a.var])))
        return out
    if block.kind != "pools":
        return out
    outs, ins, flows = block.meta["outs"], block.meta["ins"], block.meta["flows"]
    give = {int(r.var): int(x[r.var]) for r in outs.itertuples()}
    take = {int(r.var): int(x[r.var]) for r in ins.itertuples()}
    for fl in flows[x[flows["var"].to_numpy()] > 0].itertuples():
        amount = int(x[fl.var])
        key = (fl.stage, fl.above_required, fl.backbone, fl.pe_arts)
        donors = outs[(outs["town"] == fl.src) & (outs[["stage", *FLAGS]] == list(key)).all(axis=1)]
        recv = ins[(ins["town"] == fl.dst) & (ins[["stage", *FLAGS]] == list(key)).all(axis=1)]
        d_iter = [(int(r.var), int(r.pos)) for r in donors.itertuples()]
        r_iter = [(int(r.var), int(r.pos)) for r in recv.itertuples()]
        di = ri = 0
        while amount > 0 and di < len(d_iter) and ri < len(r_iter):
            dv, dp = d_iter[di]
            rv, rp = r_iter[ri]
            k = min(amount, give[dv], take[rv])
            if k > 0:
                if dp != rp:
                    out.append((dp, rp, key[1:], k))
                give[dv] -= k
                take[rv] -= k
                amount -= k
            if give[dv] == 0:
                di += 1
            if take[rv] == 0:
                ri += 1
    return out
