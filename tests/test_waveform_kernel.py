"""The compiled waveform kernel, dcmcore._waveform."""

import numpy as np
import pytest

from dcmcore._waveform import scale_channels


def test_scales_each_channel_in_order():
    rng = np.random.default_rng(1)
    values = rng.integers(-32768, 32767, (400, 12)).astype(np.float64)
    sensitivity = list(rng.random(12) * 10)
    correction = list(1 + rng.random(12) / 3)
    baseline = list(rng.random(12) - 0.5)
    expected = values.copy()
    for channel in range(12):
        expected[:, channel] = expected[:, channel] * sensitivity[channel] * correction[channel] + baseline[channel]
    scale_channels(values, sensitivity, correction, baseline)
    assert values.tobytes() == expected.tobytes()


def test_signed_zero_and_many_channels():
    values = np.zeros((3, 300))
    scale_channels(values, [-1.0] * 300, [1.0] * 300, [0.0] * 300)
    assert not np.signbit(values).any()  # -0.0 + 0.0 is +0.0, as in NumPy
    values = np.ones((2, 300))
    scale_channels(values, range(300), [2.0] * 300, [1.0] * 300)
    assert values[1].tolist() == [2.0 * channel + 1.0 for channel in range(300)]


def test_empty_and_numbers_of_any_type():
    scale_channels(np.zeros((0, 3)), [1, 2, 3], [1] * 3, [0] * 3)
    scale_channels(np.zeros((5, 0)), [], [], [])
    values = np.ones((1, 2))
    scale_channels(values, (np.float32(2), 3), [1, 1], [0.5, 0])
    assert values.tolist() == [[2.5, 3.0]]


@pytest.mark.parametrize("lengths", [(2, 3, 3), (3, 4, 3), (3, 3, 0)])
def test_one_factor_per_channel(lengths):
    with pytest.raises(ValueError, match="values given for 3 channels"):
        scale_channels(np.zeros((4, 3)), *([1.0] * n for n in lengths))


def test_bad_arguments():
    with pytest.raises(TypeError):
        scale_channels(np.zeros((2, 1)), [None], [1.0], [0.0])
    with pytest.raises(ValueError):
        scale_channels(np.zeros((2, 4))[:, ::2], [1.0] * 2, [1.0] * 2, [0.0] * 2)  # not contiguous
    with pytest.raises(ValueError):
        readonly = np.zeros((2, 1))
        readonly.flags.writeable = False
        scale_channels(readonly, [1.0], [1.0], [0.0])
    with pytest.raises(ValueError):
        scale_channels(np.zeros((2, 1), dtype=np.int16), [1.0], [1.0], [0.0])
