"""Abstractive generation for the generate stage: model resolution, prompts,
token-aware packing, the transformers and CTranslate2 backends and the
faithfulness guard. Heavy libraries are imported inside the functions that need
them, so resolving a missing model never imports torch or transformers.
"""
