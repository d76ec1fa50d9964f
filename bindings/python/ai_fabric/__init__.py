"""ai-fabric's experiment layer: campaigns of example-program runs, their results, plots.

* ``ai_fabric.campaign``: run a program over a parameter grid in parallel processes, each point
  writing its own results database, merged into one campaign database.
* ``ai_fabric.results``: the tables of a run or campaign database as pandas DataFrames.
* ``ai_fabric.plots``: PNG figures of those results (matplotlib, Agg backend).

Command line: ``python3 -m ai_fabric --help``.
"""

__all__ = ["campaign", "results", "plots"]
