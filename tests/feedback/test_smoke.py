from civicpulse.feedback.responses import response_record


def test_a_response_is_recorded_against_the_current_version(touchpoint, in_scope):
    response = response_record(touchpoint=touchpoint, answers={"overall": 4, "problem": ["dirty"]})
    assert response.score == 4
    assert response.answers.count() == 2
