"""ctypes bindings of libMaxEntEnvironments.so, the C ABI of the Swift environments."""
import ctypes
import os
from pathlib import Path

_double_p = ctypes.POINTER(ctypes.c_double)
_int_p = ctypes.POINTER(ctypes.c_int32)

_SIGNATURES = {
    "maxent_env_count": ([], ctypes.c_int32),
    "maxent_env_name": ([ctypes.c_int32], ctypes.c_char_p),
    "maxent_env_make": ([ctypes.c_char_p, ctypes.c_int32, ctypes.c_int32, ctypes.c_char_p, ctypes.c_int32], ctypes.c_void_p),
    "maxent_env_free": ([ctypes.c_void_p], None),
    "maxent_env_observation_dimension": ([ctypes.c_void_p], ctypes.c_int32),
    "maxent_env_action_dimension": ([ctypes.c_void_p], ctypes.c_int32),
    "maxent_env_state_dimension": ([ctypes.c_void_p], ctypes.c_int32),
    "maxent_env_state_component": ([ctypes.c_void_p, ctypes.c_int32], ctypes.c_char_p),
    "maxent_env_spaces": ([ctypes.c_void_p, _double_p, _double_p, _double_p, _double_p], None),
    "maxent_env_reset": ([ctypes.c_void_p, ctypes.c_int32, ctypes.c_uint64, _double_p], None),
    "maxent_env_step": ([ctypes.c_void_p, _double_p, _double_p, _double_p, _int_p, _int_p], ctypes.c_int32),
    "maxent_env_step_batch": ([ctypes.POINTER(ctypes.c_void_p), ctypes.c_int32, _double_p, _int_p, _double_p, _double_p,
                               _int_p, _int_p], ctypes.c_int32),
    "maxent_env_set_state": ([ctypes.c_void_p, _double_p, ctypes.c_int32, _double_p], ctypes.c_int32),
    "maxent_env_state": ([ctypes.c_void_p, _double_p], None),
    "maxent_env_last_error": ([ctypes.c_void_p], ctypes.c_char_p),
}

_loaded = None


def library():
    """The loaded library: $MAXENT_ENVIRONMENTS_LIBRARY if set, else the copy installed with the package."""
    global _loaded
    if _loaded is None:
        path = os.environ.get("MAXENT_ENVIRONMENTS_LIBRARY") or str(Path(__file__).resolve().parent / "libMaxEntEnvironments.so")
        if not Path(path).exists():
            raise ImportError(
                f"maxent_gym: {path} does not exist; install the package with `pip install ./python` from the "
                "workbench checkout, or set MAXENT_ENVIRONMENTS_LIBRARY to a built libMaxEntEnvironments.so")
        loaded = ctypes.CDLL(path)
        for name, (arguments, result) in _SIGNATURES.items():
            function = getattr(loaded, name)
            function.argtypes = arguments
            function.restype = result
        _loaded = loaded
    return _loaded


def pointer(array):
    """A double* into a contiguous float64 NumPy array."""
    return array.ctypes.data_as(_double_p)


def int_pointer(array):
    """An int32* into a contiguous int32 NumPy array."""
    return array.ctypes.data_as(_int_p)


def make(name, faithful):
    """A handle to a new environment `name` (a registry name or `mdp:FILE[,layout=FILE][,steps=N]`); raises
    `ValueError` with the library's one-line reason when the name cannot be made."""
    message = ctypes.create_string_buffer(1024)
    handle = library().maxent_env_make(name.encode(), int(faithful), int(faithful), message, len(message))
    if not handle:
        raise ValueError(message.value.decode(errors="replace"))
    return handle
