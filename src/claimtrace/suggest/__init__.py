"""Curation assistant: propose the lineage, claims, alignment and drift of a new source.

One module per concept: :mod:`.corpus` (what the package holds, the source itself hidden),
:mod:`.parents` (lineage candidates), :mod:`.segmentation` (candidate claim spans),
:mod:`.alignment` (proposition candidates and parent claims), :mod:`.values` (figures and dates
in a span), :mod:`.attribution` (who a span credits), :mod:`.drift` (drift candidates),
:mod:`.numbers` (numbers no candidate figure covers), :mod:`.engine` (the whole proposal),
:mod:`.draft` (the curator's draft file), :mod:`.evaluation` (leave-one-out scores) and
:mod:`.words` (the stop-word list).
"""
